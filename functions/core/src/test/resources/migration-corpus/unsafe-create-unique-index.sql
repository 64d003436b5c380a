CREATE UNIQUE INDEX IF NOT EXISTS orders_ref_idx ON orders (ref);
