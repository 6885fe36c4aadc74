-- The text of a top-level field of a JSON text, or null when the text is not JSON (an edited audit
-- row): the web dashboard counts conflict refusals by their code without failing on such a row.
CREATE OR REPLACE FUNCTION gryt_json_text(document TEXT, field TEXT) RETURNS TEXT AS $$
BEGIN
    RETURN document::jsonb ->> field;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN NULL;
END;
$$ LANGUAGE plpgsql IMMUTABLE;
