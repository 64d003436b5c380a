CREATE TABLE items (id bigint PRIMARY KEY, name text, legacy_code text);
