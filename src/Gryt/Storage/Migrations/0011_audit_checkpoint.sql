-- gryt schema, version 11: the newest audit event a walk of the chain verified (AuditChain.Remember),
-- so that `audit export --version V` checks only the events after it instead of the whole log.
-- One row at most. Written only by a walk that verified the chain up to `seq` (`gryt audit verify`,
-- an export), never by the writers of events; a walk from it first checks that event is unchanged.

CREATE TABLE audit_checkpoint (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    seq               INTEGER NOT NULL,
    hash              TEXT NOT NULL,
    verified_at       TEXT NOT NULL,   -- when a walk verified the chain up to seq
    whole_chain_at    TEXT NOT NULL    -- when a walk last read the whole chain (an incremental walk keeps it)
);
