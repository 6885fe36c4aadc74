-- The web dashboard (docs/web-dashboard.md): browser sessions from an API key, and what each key last
-- pushed and pulled (the sync view's last push and cursor lag). A session's token is stored hashed.
CREATE TABLE web_sessions (
    token_sha256 TEXT PRIMARY KEY,
    key_id TEXT NOT NULL REFERENCES api_keys(key_id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
CREATE TABLE sync_clients (
    key_id TEXT PRIMARY KEY REFERENCES api_keys(key_id),
    project TEXT NOT NULL,
    last_push_at TEXT,
    last_pull_at TEXT,
    last_pull_seq BIGINT
);
