-- Data-parallel replicas: what the spec asked for (null: one per device of the worker) and what
-- the worker of the current attempt reported in its STARTED event (null until then, and from
-- workers that predate the field).
ALTER TABLE experiments ADD COLUMN replicas integer;
ALTER TABLE experiments ADD COLUMN trained_replicas integer;
