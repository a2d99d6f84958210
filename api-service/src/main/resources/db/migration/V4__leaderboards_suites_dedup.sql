-- Tags, and the identity of what a run computes: its config hash (canonical spec without name and
-- tags, see ConfigHash) and the code version it was submitted under. Same hash + version as a
-- completed run = the same result, so it is not trained again unless forced.
ALTER TABLE experiments
    ADD COLUMN tags          text[]       NOT NULL DEFAULT '{}',
    ADD COLUMN config_hash   varchar(64),
    ADD COLUMN code_version  varchar(100);
CREATE INDEX experiments_dedup_idx ON experiments (config_hash, code_version, created_at)
    WHERE origin = 'TRAINED' AND status NOT IN ('FAILED', 'CANCELLED');

-- Inference speed at a fixed batch and input size (InferenceSpeed), beside the scoring pass's own.
ALTER TABLE evaluations
    ADD COLUMN speed_batch_size         integer,
    ADD COLUMN speed_channels           integer,
    ADD COLUMN speed_height             integer,
    ADD COLUMN speed_width              integer,
    ADD COLUMN speed_timed_batches      integer,
    ADD COLUMN speed_images_per_second  double precision;

-- One row per evaluated run: its best successful test-split evaluation (lowest top-1 error), with
-- the run's filterable fields copied in, so that a filtered leaderboard page is one index range
-- instead of a DISTINCT ON over every evaluation. Written with the evaluation's result.
CREATE TABLE leaderboard_entries (
    run_id             uuid PRIMARY KEY REFERENCES experiments (id),
    evaluation_id      uuid             NOT NULL REFERENCES evaluations (id),
    task               varchar(32)      NOT NULL,
    dataset            varchar(100)     NOT NULL,
    name               varchar(200)     NOT NULL,
    origin             varchar(20)      NOT NULL,
    backbone           varchar(100)     NOT NULL,
    norm               varchar(50)      NOT NULL,
    base_width         integer          NOT NULL,
    norm_batch_size    integer          NOT NULL,
    batch_size         integer          NOT NULL,
    tags               text[]           NOT NULL,
    config_hash        varchar(64),
    code_version       varchar(100),
    checkpoint_uri     varchar(1000)    NOT NULL,
    checkpoint_sha256  varchar(64)      NOT NULL,
    top1_error         double precision NOT NULL,
    top5_error         double precision NOT NULL,
    samples            bigint           NOT NULL,
    images_per_second  double precision,
    speed_batch_size   integer,
    evaluated_at       timestamptz      NOT NULL
);
-- Ranking within a (task, dataset); the common filters lead the second and third so that a
-- filtered page reads an index range in rank order.
CREATE INDEX leaderboard_rank_idx ON leaderboard_entries (task, dataset, top1_error, top5_error, evaluated_at);
CREATE INDEX leaderboard_top5_idx ON leaderboard_entries (task, dataset, top5_error, top1_error);
-- Also the paper rows' lookups (best run per backbone, norm and stated batch sizes), index-only.
CREATE INDEX leaderboard_model_idx ON leaderboard_entries
    (task, dataset, backbone, norm, norm_batch_size, batch_size, top1_error) INCLUDE (run_id, top5_error, images_per_second);
CREATE INDEX leaderboard_batch_idx ON leaderboard_entries (task, dataset, norm_batch_size, batch_size, top1_error);
CREATE INDEX leaderboard_speed_idx ON leaderboard_entries (task, dataset, images_per_second DESC)
    WHERE images_per_second IS NOT NULL;
CREATE INDEX leaderboard_tags_idx ON leaderboard_entries USING gin (tags);

INSERT INTO leaderboard_entries
SELECT DISTINCT ON (v.run_id) v.run_id, v.id, e.task, e.dataset, e.name, e.origin, e.backbone, e.norm, e.base_width,
       e.norm_batch_size, e.batch_size, e.tags, e.config_hash, e.code_version, v.checkpoint_uri,
       v.checkpoint_sha256, v.top1_error, v.top5_error, v.samples, v.speed_images_per_second,
       v.speed_batch_size, v.completed_at
FROM evaluations v JOIN experiments e ON e.id = v.run_id
WHERE v.status = 'SUCCEEDED' AND v.split = 'test'
ORDER BY v.run_id, v.top1_error, v.completed_at DESC;

-- Reproduction-suite launches (REST or cron) and, per suite row, what was done with it.
CREATE TABLE suite_launches (
    id             uuid PRIMARY KEY,
    suite          varchar(100) NOT NULL,
    trigger        varchar(20)  NOT NULL CHECK (trigger IN ('REST', 'SCHEDULE')),
    scheduled_for  timestamptz,
    forced         boolean      NOT NULL,
    launched_at    timestamptz  NOT NULL
);
-- A cron slot launches once, however many API instances tick.
CREATE UNIQUE INDEX suite_launches_slot_idx ON suite_launches (suite, scheduled_for) WHERE scheduled_for IS NOT NULL;
CREATE INDEX suite_launches_suite_idx ON suite_launches (suite, launched_at DESC);

CREATE TABLE suite_launch_rows (
    launch_id      uuid         NOT NULL REFERENCES suite_launches (id),
    position       integer      NOT NULL,
    row_id         varchar(100) NOT NULL,
    disposition    varchar(30)  NOT NULL,
    experiment_id  uuid REFERENCES experiments (id),
    deduplicated   boolean      NOT NULL,
    note           text,
    PRIMARY KEY (launch_id, row_id)
);
