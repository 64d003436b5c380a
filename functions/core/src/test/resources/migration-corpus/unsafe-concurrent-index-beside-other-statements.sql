ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
