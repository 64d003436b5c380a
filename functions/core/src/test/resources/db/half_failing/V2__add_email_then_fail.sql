ALTER TABLE customers ADD COLUMN email text;
-- the next statement fails: the table does not exist
INSERT INTO no_such_table (id) VALUES (1);
