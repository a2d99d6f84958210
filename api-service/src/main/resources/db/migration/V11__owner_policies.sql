-- Per-owner scheduling policy (docs/api.md, Priorities and fair share), set by admins. An owner is
-- the name a run's fair share counts against (a person's token name or a project). Owners without
-- a row have weight 1 and may request any priority.
CREATE TABLE owner_policies (
    owner        varchar(100) PRIMARY KEY,
    -- Weighted fair share: within a priority class the owner with the lowest active runs / weight
    -- goes next, so weight 2 is entitled to twice the slots of weight 1.
    weight       double precision NOT NULL
        CONSTRAINT owner_policies_weight_check CHECK (weight >= 0.01 AND weight <= 1000),
    -- The highest priority a researcher may request for runs of this owner (-1 low, 0 normal, 1 high).
    max_priority smallint     NOT NULL CONSTRAINT owner_policies_max_priority_check CHECK (max_priority BETWEEN -1 AND 1),
    updated_by   varchar(100) NOT NULL,
    updated_at   timestamptz  NOT NULL
);
