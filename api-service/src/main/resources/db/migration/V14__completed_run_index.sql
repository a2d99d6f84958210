-- The submission path looks for a completed run with the same config hash and code version on
-- every request. experiments_dedup_idx also holds every queued and running run of that hash, and
-- the lookup had to visit each of them to find the completed ones: with a few thousand identical
-- specs queued (a load test, a script resubmitting), each submission read them all. Completed runs
-- get their own index, so the lookup is one index probe however many copies wait in the queue.
CREATE INDEX experiments_completed_idx ON experiments (config_hash, code_version, created_at DESC)
    WHERE origin = 'TRAINED' AND status = 'SUCCEEDED';
