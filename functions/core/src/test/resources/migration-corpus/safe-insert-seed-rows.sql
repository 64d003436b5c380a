INSERT INTO order_statuses (code) VALUES ('open'), ('shipped') ON CONFLICT DO NOTHING;
