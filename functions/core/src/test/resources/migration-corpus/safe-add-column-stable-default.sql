ALTER TABLE orders ADD COLUMN IF NOT EXISTS noted_at timestamptz DEFAULT now();
