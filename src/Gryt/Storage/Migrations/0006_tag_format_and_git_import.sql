-- gryt schema, version 6: how each generation's tags are named (config.yaml tag_format, kept with
-- the generation so a promoted release keeps its tag when the setting changes later), and rows
-- rebuilt from gryt's git tags in a fresh clone: imported_from names the tag they were read from
-- (NULL: recorded by this database).
ALTER TABLE generations ADD COLUMN tag_format TEXT NOT NULL DEFAULT 'v{version}';
ALTER TABLE generations ADD COLUMN imported_from TEXT;
ALTER TABLE evolutions ADD COLUMN imported_from TEXT;
