-- The server's store (docs/sync.md). Every writing transaction first takes its project's row.
CREATE TABLE projects (
    name TEXT PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT 0,
    audit_seq BIGINT NOT NULL DEFAULT 0,
    audit_head TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE api_keys (
    key_id TEXT PRIMARY KEY,
    secret_sha256 TEXT NOT NULL,
    project TEXT NOT NULL REFERENCES projects(name),
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE contracts (
    project TEXT NOT NULL,
    version TEXT NOT NULL,
    revision INTEGER NOT NULL,
    status TEXT NOT NULL,
    yaml TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    tag_prefix TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (project, version)
);
CREATE TABLE records (
    project TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT,
    content TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (project, kind, id)
);
CREATE TABLE feed (
    project TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (project, seq)
);
CREATE TABLE rc_numbers (
    project TEXT NOT NULL,
    version TEXT NOT NULL,
    rc_number INTEGER NOT NULL,
    evolution_id TEXT NOT NULL,
    PRIMARY KEY (project, version, rc_number),
    UNIQUE (project, version, evolution_id)
);
CREATE TABLE approvals (
    project TEXT NOT NULL,
    version TEXT NOT NULL,
    revision INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    PRIMARY KEY (project, version, revision, key_id)
);
CREATE TABLE promotions (
    project TEXT NOT NULL,
    version TEXT NOT NULL,
    revision INTEGER NOT NULL,
    commit_sha TEXT NOT NULL,
    tag TEXT NOT NULL,
    evolution_ids TEXT NOT NULL,
    key_id TEXT NOT NULL,
    promoted_by TEXT NOT NULL,
    promoted_at TEXT NOT NULL,
    PRIMARY KEY (project, version)
);
CREATE TABLE server_audit (
    project TEXT NOT NULL,
    seq BIGINT NOT NULL,
    timestamp TEXT NOT NULL,
    key_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (project, seq)
);
