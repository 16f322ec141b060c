-- An option value may be a bare word, as Arroyo accepts: `event_time_field = ts`.
-- expect: event time ts
CREATE TABLE orders (order_id BIGINT, ts TIMESTAMP)
WITH (connector = 'single_file', path = 'data/orders.jsonl', format = json, type = 'source', event_time_field = ts);
SELECT order_id, count(*) AS n FROM orders GROUP BY tumble(interval '1 minute'), order_id;
