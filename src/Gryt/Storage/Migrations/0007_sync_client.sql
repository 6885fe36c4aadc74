-- gryt schema, version 7: what `gryt sync` keeps about a server. Per generation (sync_state rows of
-- resource_type 'generation', resource_id the version): the server revision and the file hash last
-- pushed or pulled, so that a local edit and a server change can be told apart. Per record: the
-- content hash last pushed or pulled, so that a push sends only what changed. Per server and
-- project: the feed cursor, stored in the transaction that applied the page it ends.

ALTER TABLE sync_state ADD COLUMN synced_sha256 TEXT;

CREATE TABLE sync_records (
    kind      TEXT NOT NULL,     -- evolution | run | step_run | data_row | audit_event
    record_id TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
) WITHOUT ROWID;

CREATE TABLE sync_cursors (
    server     TEXT NOT NULL,
    project    TEXT NOT NULL,
    next_since INTEGER NOT NULL,
    PRIMARY KEY (server, project)
) WITHOUT ROWID;

-- Another clone's audit events, as pulled: kept apart, since this clone's own chain (audit_events)
-- must stay verifiable link by link.
CREATE TABLE sync_audit_events (
    event_id      TEXT PRIMARY KEY,
    timestamp     TEXT NOT NULL,
    event_type    TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    action        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    details_json  TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);

-- Approvals of a contract before promotion (`promotion.approvals: N`, `gryt generation approve V`):
-- by a server key (authenticated, pulled or answered by the server) or, without a server, by the git
-- identity (unauthenticated: anyone can claim any name). An approval is of the contract as it was
-- (its file hash): an edit afterwards needs approving again.
CREATE TABLE approvals (
    approval_id     TEXT PRIMARY KEY,
    version         TEXT NOT NULL,
    file_sha256     TEXT,
    server_revision INTEGER,
    approved_by     TEXT NOT NULL,
    approved_at     TEXT NOT NULL,
    authenticated   INTEGER NOT NULL
);
CREATE INDEX ix_approvals_version ON approvals (version);
