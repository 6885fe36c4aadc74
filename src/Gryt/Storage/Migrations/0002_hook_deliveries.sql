-- gryt schema, version 2: every delivery of a hook or destination, so that a failed
-- notification is visible afterwards and a required one explains why its run failed.

CREATE TABLE hook_deliveries (
    delivery_id  TEXT PRIMARY KEY,
    run_id       TEXT REFERENCES pipeline_runs (run_id) ON DELETE CASCADE,
    event        TEXT NOT NULL,
    step_name    TEXT,
    destination  TEXT NOT NULL,
    required     INTEGER NOT NULL DEFAULT 0,
    ok           INTEGER NOT NULL,
    error        TEXT,
    duration_ms  INTEGER,
    created_at   TEXT NOT NULL
);

CREATE INDEX ix_hook_deliveries_run ON hook_deliveries (run_id);
CREATE INDEX ix_pipeline_runs_status ON pipeline_runs (status);
