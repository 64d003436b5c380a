-- orders as blue knows them
CREATE TABLE orders (
    id         bigint PRIMARY KEY,
    customer   text        NOT NULL,
    total      numeric(10, 2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
