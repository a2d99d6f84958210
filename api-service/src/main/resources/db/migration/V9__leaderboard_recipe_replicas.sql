-- The run's recipe and the data-parallel replicas its attempt trained on, copied into its
-- leaderboard entry like the other fields a leaderboard filters or shows.
ALTER TABLE leaderboard_entries
    ADD COLUMN recipe   varchar(100),
    ADD COLUMN replicas integer;
UPDATE leaderboard_entries l SET recipe = e.recipe, replicas = e.trained_replicas
    FROM experiments e WHERE e.id = l.run_id;
