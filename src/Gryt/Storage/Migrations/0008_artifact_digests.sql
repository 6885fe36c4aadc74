-- gryt schema, version 8: an artifact row says what the file was, not only where: its size in
-- bytes and its SHA-256 (lower-case hex), taken when the step recorded it. The provenance of a
-- release names its artifacts by these digests; rows recorded before this version have neither.

ALTER TABLE data_rows ADD COLUMN artifact_size INTEGER;
ALTER TABLE data_rows ADD COLUMN artifact_sha256 TEXT;

