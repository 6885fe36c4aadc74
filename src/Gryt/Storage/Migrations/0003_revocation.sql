-- gryt schema, version 3: withdrawn releases, and why an evolution failed when no step did.

ALTER TABLE generations ADD COLUMN revoked_at TEXT;
ALTER TABLE generations ADD COLUMN revoked_by TEXT;
ALTER TABLE generations ADD COLUMN revoked_reason TEXT;
ALTER TABLE evolutions ADD COLUMN reason TEXT;   -- e.g. a dirty tree, or an rc tag gryt does not own

-- Widen the CHECK on generations.status to admit 'revoked'. A table rebuild would cascade-delete
-- every change through the foreign keys, so the stored schema text is edited in place: SQLite's
-- documented procedure for constraint changes that every stored row already satisfies
-- (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"). This must come after the
-- ALTERs above, which compute offsets from the parsed text; GrytDatabase bumps schema_version after.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (status IN (''draft'', ''promoted'', ''abandoned''))',
                          'CHECK (status IN (''draft'', ''promoted'', ''abandoned'', ''revoked''))')
 WHERE type = 'table' AND name = 'generations';
PRAGMA writable_schema = OFF;
