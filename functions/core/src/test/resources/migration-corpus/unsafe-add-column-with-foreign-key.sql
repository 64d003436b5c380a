ALTER TABLE orders ADD COLUMN warehouse_id bigint REFERENCES warehouses (id);
