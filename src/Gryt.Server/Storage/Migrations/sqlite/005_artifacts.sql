-- Artifacts a run's steps recorded, with their size and SHA-256 (docs/sync.md, "Artifacts"): pushed beside
-- the records, kept per run for the web evolution page. The id is the clone's data row id; an artifact never changes.
CREATE TABLE artifacts (
    project TEXT NOT NULL,
    data_row_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    step_name TEXT,
    path TEXT NOT NULL,
    size INTEGER,
    sha256 TEXT,
    source TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (project, data_row_id)
);
CREATE INDEX artifacts_run ON artifacts (project, run_id);
