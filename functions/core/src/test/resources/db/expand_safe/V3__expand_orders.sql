ALTER TABLE notes ADD COLUMN priority integer NOT NULL DEFAULT 0;
ALTER TABLE notes ADD COLUMN IF NOT EXISTS author text;
ALTER TABLE notes ALTER COLUMN body DROP NOT NULL;
ALTER TABLE notes ADD CONSTRAINT notes_priority_check CHECK (priority IS NOT NULL AND priority >= 0);
CREATE INDEX notes_author_idx ON notes (author) WHERE author IS NOT NULL;
DROP INDEX notes_created_idx;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'notes_priority_idx') THEN
        CREATE INDEX notes_priority_idx ON notes (priority);
    END IF;
END
$$;
