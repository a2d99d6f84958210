-- The recipe an experiment's spec was resolved from (null when the request named none), copied out
-- of spec_json so that lists and leaderboards can filter by it.
ALTER TABLE experiments ADD COLUMN recipe varchar(100);
CREATE INDEX experiments_recipe_idx ON experiments (recipe);
