TRUNCATE order_events;
