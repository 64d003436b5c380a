CREATE TABLE IF NOT EXISTS shipments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    shipped_at timestamptz
);
CREATE INDEX IF NOT EXISTS shipments_order_idx ON shipments (order_id);
