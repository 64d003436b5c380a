ALTER TABLE order_events ADD PRIMARY KEY (id);
