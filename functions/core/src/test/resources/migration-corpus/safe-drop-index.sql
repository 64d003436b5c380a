DROP INDEX IF EXISTS orders_old_idx;
