-- Leaderboard pages filtered by norm alone (the norm is the variable researchers compare) had no index
-- to count or rank their matches with: the capped count read the table until it had seen 10,000 of
-- them (40 ms for norm=gn:32 at 100,000 runs). Leading with the norm after (task, dataset), this index
-- counts them index-only (2 ms), serves the unfiltered count too, and ranks a norm's runs by speed.
CREATE INDEX leaderboard_norm_idx ON leaderboard_entries (task, dataset, norm, images_per_second DESC);
