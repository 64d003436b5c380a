DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'legacy_code') THEN
        ALTER TABLE orders DROP COLUMN legacy_code;
    END IF;
END
$$;
