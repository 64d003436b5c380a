CREATE TABLE IF NOT EXISTS order_notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    body text NOT NULL
);
