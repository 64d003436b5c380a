/* A new table: NOT NULL is fine here, blue does not know this table.
   /* nested comment mentioning DROP TABLE notes; */ still a comment */
CREATE TABLE notes (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body    text NOT NULL,
    "drop"  text,           -- a column named like a keyword: DROP COLUMN body;
    created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_created_idx ON notes (created);
