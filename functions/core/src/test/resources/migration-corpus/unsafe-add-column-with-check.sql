ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount >= 0);
