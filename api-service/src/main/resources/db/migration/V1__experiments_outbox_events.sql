-- One row per experiment (a run). The spec is stored whole as the contract's JSON, and its
-- searchable fields are copied into columns for filtering and leaderboards.
CREATE TABLE experiments (
    id                  uuid PRIMARY KEY,
    name                varchar(200) NOT NULL,
    task                varchar(32)  NOT NULL,
    dataset             varchar(100) NOT NULL,
    backbone            varchar(100) NOT NULL,
    norm                varchar(50)  NOT NULL,
    base_width          integer      NOT NULL,
    norm_batch_size     integer      NOT NULL,
    batch_size          integer      NOT NULL,
    epochs              integer,
    iterations          integer,
    seed                bigint       NOT NULL,
    spec_json           text         NOT NULL,
    status              varchar(20)  NOT NULL,
    attempt             integer      NOT NULL,
    worker              varchar(200),
    progress_epoch      integer,
    progress_iteration  bigint,
    total_iterations    bigint,
    last_loss           double precision,
    last_lr             double precision,
    images_per_second   double precision,
    checkpoint_uri      varchar(1000),
    checkpoint_sha256   varchar(64),
    failure             text,
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    started_at          timestamptz,
    finished_at         timestamptz,
    version             bigint       NOT NULL DEFAULT 0
);
CREATE INDEX experiments_created_idx ON experiments (created_at DESC, id);
CREATE INDEX experiments_filter_idx ON experiments (dataset, backbone, norm, status);

-- Transactional outbox: written in the same transaction as the state change it announces,
-- relayed to Kafka afterwards, so that a crash can neither lose nor invent a message.
CREATE TABLE outbox_messages (
    id            bigserial PRIMARY KEY,
    topic         varchar(200) NOT NULL,
    message_key   varchar(200) NOT NULL,
    payload       text         NOT NULL,
    created_at    timestamptz  NOT NULL,
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox_messages (id) WHERE published_at IS NULL;

-- Every ingested run event, once: (run_id, attempt, sequence) is the event's identity.
CREATE TABLE run_events (
    run_id       uuid        NOT NULL REFERENCES experiments (id),
    attempt      integer     NOT NULL,
    sequence     bigint      NOT NULL,
    type         varchar(20) NOT NULL,
    occurred_at  timestamptz NOT NULL,
    worker       varchar(200),
    payload      text        NOT NULL,
    PRIMARY KEY (run_id, attempt, sequence)
);

-- The loss curve. One point per (run, iteration): a later attempt that replays an iteration
-- after resuming replaces the dead attempt's point instead of duplicating it.
CREATE TABLE metric_points (
    run_id             uuid             NOT NULL REFERENCES experiments (id),
    iteration          bigint           NOT NULL,
    attempt            integer          NOT NULL,
    epoch              integer          NOT NULL,
    loss               double precision NOT NULL,
    lr                 double precision NOT NULL,
    images_per_second  double precision NOT NULL,
    recorded_at        timestamptz      NOT NULL,
    PRIMARY KEY (run_id, iteration)
);

CREATE TABLE evaluations (
    id                 uuid PRIMARY KEY,
    run_id             uuid             NOT NULL REFERENCES experiments (id),
    split              varchar(20)      NOT NULL,
    status             varchar(20)      NOT NULL,
    checkpoint_uri     varchar(1000)    NOT NULL,
    checkpoint_sha256  varchar(64)         NOT NULL,
    top1_error         double precision,
    top5_error         double precision,
    samples            bigint,
    images_per_second  double precision,
    failure            text,
    worker             varchar(200),
    requested_at       timestamptz      NOT NULL,
    completed_at       timestamptz
);
CREATE INDEX evaluations_run_idx ON evaluations (run_id);
CREATE INDEX evaluations_leaderboard_idx ON evaluations (status, top1_error);
