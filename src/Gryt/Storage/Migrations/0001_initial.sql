-- gryt schema, version 1. Designed whole: later features fill these tables.
-- Ids named *_id are global (UUIDv7) unless noted; times are UTC ISO-8601 text.

CREATE TABLE generations (
    generation_id      TEXT PRIMARY KEY,
    version            TEXT NOT NULL UNIQUE,
    version_key        TEXT NOT NULL DEFAULT '',                        -- SemanticVersion.SortKey: orders by precedence
    description        TEXT,
    status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'promoted', 'abandoned')),
    pipeline_template  TEXT,
    tag_prefix         TEXT NOT NULL DEFAULT '',
    base_generation_id TEXT REFERENCES generations (generation_id),   -- hotfixes
    revision           INTEGER NOT NULL DEFAULT 1,                      -- contract revision, for sync conflicts
    file_sha256        TEXT,                                            -- of the YAML last synced
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    created_by         TEXT,
    promoted_at        TEXT,
    promoted_by        TEXT,
    promoted_commit    TEXT,
    -- Progress counters kept by the triggers at the end of this file, so that listing stays
    -- flat as history grows instead of aggregating every change and evolution each time.
    changes_total      INTEGER NOT NULL DEFAULT 0,
    changes_proven     INTEGER NOT NULL DEFAULT 0,
    evolutions_count   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE generation_changes (
    generation_id TEXT NOT NULL REFERENCES generations (generation_id) ON DELETE CASCADE,
    change_id     TEXT NOT NULL,           -- the user's id (FEAT-101): unique per generation only
    type          TEXT NOT NULL CHECK (type IN ('add', 'fix', 'refine', 'remove')),
    title         TEXT NOT NULL,
    description   TEXT,
    pipeline      TEXT,
    position      INTEGER NOT NULL,        -- order in the YAML file
    PRIMARY KEY (generation_id, change_id)
) WITHOUT ROWID;

CREATE TABLE pipeline_runs (
    run_id        TEXT PRIMARY KEY,
    pipeline_name TEXT NOT NULL,
    pipeline_path TEXT,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'running', 'pass', 'fail', 'interrupted')),
    evolution_id  TEXT REFERENCES evolutions (evolution_id),
    commit_sha    TEXT,
    dirty         INTEGER NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    exit_code     INTEGER,
    host          TEXT,
    pid           INTEGER,                 -- to tell a crashed run from a live one
    ci_url        TEXT,
    actor         TEXT
);

CREATE TABLE evolutions (
    evolution_id  TEXT PRIMARY KEY,
    generation_id TEXT NOT NULL REFERENCES generations (generation_id),
    rc_number     INTEGER NOT NULL CHECK (rc_number > 0),
    tag           TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'running', 'pass', 'fail', 'interrupted')),
    pipeline_name TEXT,
    run_id        TEXT REFERENCES pipeline_runs (run_id),
    commit_sha    TEXT,
    started_at    TEXT NOT NULL,
    completed_at  TEXT,
    created_by    TEXT,
    UNIQUE (generation_id, rc_number)      -- an RC number is never reused
);

CREATE TABLE evolution_changes (
    evolution_id  TEXT NOT NULL REFERENCES evolutions (evolution_id) ON DELETE CASCADE,
    generation_id TEXT NOT NULL,
    change_id     TEXT NOT NULL,
    PRIMARY KEY (evolution_id, change_id),
    FOREIGN KEY (generation_id, change_id) REFERENCES generation_changes (generation_id, change_id)
) WITHOUT ROWID;

CREATE TABLE step_runs (
    step_run_id TEXT PRIMARY KEY,
    run_id      TEXT NOT NULL REFERENCES pipeline_runs (run_id) ON DELETE CASCADE,
    step_name   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'running', 'pass', 'fail', 'interrupted', 'skipped')),
    exit_code   INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0,
    started_at  TEXT,
    ended_at    TEXT,
    duration_ms INTEGER,
    output_tail TEXT,
    log_path    TEXT
);

CREATE TABLE data_rows (
    data_row_id   TEXT PRIMARY KEY,
    generation_id TEXT REFERENCES generations (generation_id),
    evolution_id  TEXT REFERENCES evolutions (evolution_id),
    run_id        TEXT REFERENCES pipeline_runs (run_id) ON DELETE CASCADE,
    step_name     TEXT,
    metric_name   TEXT,
    metric_value  REAL,
    artifact_path TEXT,
    source        TEXT,                    -- 'line', 'api', 'junit', 'cobertura', 'lcov', …
    created_at    TEXT NOT NULL
);

CREATE TABLE policies_checks (
    check_id      TEXT PRIMARY KEY,
    generation_id TEXT REFERENCES generations (generation_id),
    evolution_id  TEXT REFERENCES evolutions (evolution_id),
    change_id     TEXT,
    policy_name   TEXT NOT NULL,
    pipeline_name TEXT,
    passed        INTEGER NOT NULL,
    missing_steps TEXT,                    -- JSON array
    checked_at    TEXT NOT NULL
);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical row content).
CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,   -- chain order
    event_id      TEXT NOT NULL UNIQUE,
    timestamp     TEXT NOT NULL,
    event_type    TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    action        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    details_json  TEXT NOT NULL DEFAULT '{}',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);

CREATE TABLE snapshots (
    snapshot_id TEXT PRIMARY KEY,
    label       TEXT,
    path        TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT 'manual',   -- manual | before-rollback | before-promotion
    created_at  TEXT NOT NULL,
    size_bytes  INTEGER,
    sha256      TEXT,
    integrity   TEXT
);

CREATE TABLE sync_state (
    resource_type   TEXT NOT NULL,
    resource_id     TEXT NOT NULL,
    local_revision  INTEGER,
    server_revision INTEGER,
    status          TEXT NOT NULL DEFAULT 'local',   -- local | synced | ahead | behind | conflict
    last_pushed_at  TEXT,
    last_pulled_at  TEXT,
    PRIMARY KEY (resource_type, resource_id)
) WITHOUT ROWID;

CREATE INDEX ix_generations_version_key ON generations (version_key);
CREATE INDEX ix_generation_changes_evolved ON evolution_changes (generation_id, change_id);
CREATE INDEX ix_evolutions_status ON evolutions (generation_id, status);
CREATE INDEX ix_pipeline_runs_evolution ON pipeline_runs (evolution_id);
CREATE INDEX ix_step_runs_run ON step_runs (run_id);
CREATE INDEX ix_data_rows_metric ON data_rows (metric_name, generation_id, created_at);
CREATE INDEX ix_data_rows_run ON data_rows (run_id);
CREATE INDEX ix_policies_checks_generation ON policies_checks (generation_id);
CREATE INDEX ix_audit_events_resource ON audit_events (resource_type, resource_id);
CREATE INDEX ix_audit_events_time ON audit_events (timestamp);

-- Counters on generations (see its columns). Triggers, not application code, so that every
-- writer (gryt, `db query --write`, sync) keeps them right.
CREATE TRIGGER tr_changes_insert AFTER INSERT ON generation_changes BEGIN
    UPDATE generations SET changes_total = changes_total + 1 WHERE generation_id = NEW.generation_id;
END;
CREATE TRIGGER tr_changes_delete AFTER DELETE ON generation_changes BEGIN
    UPDATE generations SET changes_total = changes_total - 1 WHERE generation_id = OLD.generation_id;
END;
CREATE TRIGGER tr_evolutions_insert AFTER INSERT ON evolutions BEGIN
    UPDATE generations SET evolutions_count = evolutions_count + 1 WHERE generation_id = NEW.generation_id;
END;
CREATE TRIGGER tr_evolutions_delete AFTER DELETE ON evolutions BEGIN
    UPDATE generations SET evolutions_count = evolutions_count - 1 WHERE generation_id = OLD.generation_id;
END;
CREATE TRIGGER tr_evolutions_status AFTER UPDATE OF status ON evolutions BEGIN
    UPDATE generations SET changes_proven = (
        SELECT count(DISTINCT ec.change_id) FROM evolution_changes ec
        JOIN evolutions ev ON ev.evolution_id = ec.evolution_id
        WHERE ec.generation_id = NEW.generation_id AND ev.status = 'pass')
    WHERE generation_id = NEW.generation_id;
END;
CREATE TRIGGER tr_evolution_changes_insert AFTER INSERT ON evolution_changes BEGIN
    UPDATE generations SET changes_proven = (
        SELECT count(DISTINCT ec.change_id) FROM evolution_changes ec
        JOIN evolutions ev ON ev.evolution_id = ec.evolution_id
        WHERE ec.generation_id = NEW.generation_id AND ev.status = 'pass')
    WHERE generation_id = NEW.generation_id;
END;
CREATE TRIGGER tr_evolution_changes_delete AFTER DELETE ON evolution_changes BEGIN
    UPDATE generations SET changes_proven = (
        SELECT count(DISTINCT ec.change_id) FROM evolution_changes ec
        JOIN evolutions ev ON ev.evolution_id = ec.evolution_id
        WHERE ec.generation_id = OLD.generation_id AND ev.status = 'pass')
    WHERE generation_id = OLD.generation_id;
END;
