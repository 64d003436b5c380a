INSERT INTO notes (body) VALUES ('please drop table notes; then truncate it'), ('it''s; ALTER TABLE notes RENAME TO x');
INSERT INTO notes (body) VALUES (E'escaped \' quote; drop table notes');

CREATE FUNCTION purge_notes() RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
    -- not run by the migration: only created
    TRUNCATE notes;
    EXECUTE 'DROP TABLE notes';
END;
$body$;

CREATE FUNCTION note_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM notes $$;

COMMENT ON COLUMN notes.body IS 'will DROP NOT NULL later; ALTER COLUMN body TYPE varchar';
