-- gryt schema, version 10: `audit export --version V` looks that generation's events up instead of
-- reading the whole log (AuditStore.ForExportCommand): by resource id whatever the resource type
-- (ix_audit_events_resource starts with the type), and by the details' "version". SQLite uses an
-- index on an expression only for a query that writes the same expression, so both say it alike.

CREATE INDEX ix_audit_events_resource_id ON audit_events (resource_id);
CREATE INDEX ix_audit_events_details_version ON audit_events (
    (CASE WHEN json_valid(details_json) THEN json_extract(details_json, '$.version') END));
