-- Scheduling: the API assigns runs to workers with free slots, holds a lease per running attempt
-- (renewed by worker heartbeats), and re-dispatches attempts whose lease expired.
ALTER TABLE experiments
    ADD COLUMN priority              integer      NOT NULL DEFAULT 0,
    ADD COLUMN owner                 varchar(100) NOT NULL DEFAULT 'default',
    ADD COLUMN max_restarts          integer      NOT NULL DEFAULT 3,
    ADD COLUMN restarts              integer      NOT NULL DEFAULT 0,
    ADD COLUMN assigned_worker       varchar(200),
    ADD COLUMN dispatched_at         timestamptz,
    ADD COLUMN lease_expires_at      timestamptz,
    ADD COLUMN checkpoint_epoch      integer,
    ADD COLUMN checkpoint_iteration  bigint,
    ADD COLUMN checkpoint_size_bytes bigint;

CREATE INDEX experiments_queue_idx ON experiments (priority DESC, created_at, id) WHERE status = 'QUEUED';
CREATE INDEX experiments_leases_idx ON experiments (lease_expires_at)
    WHERE status IN ('DISPATCHED', 'RUNNING', 'PAUSING');

-- The trainers the API has heard from, with their capacity and what they said they were running.
CREATE TABLE workers (
    worker_id          varchar(200) PRIMARY KEY,
    slots              integer      NOT NULL,
    active_attempts    integer      NOT NULL,
    last_heartbeat_at  timestamptz  NOT NULL
);

-- Idempotent submission: a retried POST with the same Idempotency-Key returns the same experiment.
CREATE TABLE idempotency_keys (
    idempotency_key  varchar(200) PRIMARY KEY,
    request_sha256   varchar(64)  NOT NULL,
    experiment_id    uuid         NOT NULL REFERENCES experiments (id),
    created_at       timestamptz  NOT NULL
);
