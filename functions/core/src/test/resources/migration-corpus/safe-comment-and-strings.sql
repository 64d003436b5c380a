COMMENT ON COLUMN orders.total IS 'DROP COLUMN later; ALTER COLUMN total TYPE bigint';
