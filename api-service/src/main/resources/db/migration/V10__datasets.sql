-- Datasets the API accepts in specs (docs/api.md, Datasets). Seeded at start from the
-- configuration (normlab.datasets): a row that no admin has changed follows the configuration
-- (source CONFIGURATION); once an admin registers, updates or retires it, the row is the admin's
-- (source ADMIN) and the configuration no longer touches it. A retired dataset stays listed, for
-- the runs and leaderboards that name it, but new submissions may not use it.
CREATE TABLE datasets (
    name         varchar(64)  PRIMARY KEY
        -- No path separators, no "..", no whitespace: a name is a key workers look up, never a path.
        CONSTRAINT datasets_name_check CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' AND name NOT LIKE '%..%'),
    task         varchar(32)  NOT NULL,
    num_classes  integer      NOT NULL CONSTRAINT datasets_num_classes_check CHECK (num_classes BETWEEN 1 AND 100000),
    description  varchar(500) NOT NULL DEFAULT '',
    source       varchar(16)  NOT NULL CONSTRAINT datasets_source_check CHECK (source IN ('CONFIGURATION', 'ADMIN')),
    updated_by   varchar(100),
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    retired_at   timestamptz
);
