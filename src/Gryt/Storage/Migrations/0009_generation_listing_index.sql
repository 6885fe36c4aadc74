-- gryt schema, version 9: generation list reads only this index, in SemVer order, never the
-- table's rows (one sequential pass over a few hundred pages at 10 000 generations instead of a
-- b-tree look-up per row). It starts with version_key, so it also serves every ORDER BY version_key.

DROP INDEX ix_generations_version_key;
CREATE INDEX ix_generations_listing ON generations (
    version_key, version, status, changes_proven, changes_total, evolutions_count, created_at, promoted_at);
