-- max_future bounds how far an event time may lie ahead of its record's arrival (event-time guard).
-- stages: 5
-- expect: event time ts - 5 seconds, max_future 30 days
-- expect: clicks.jsonl, format json, bad_data drop, event time ts (no delay), max_future 1 hour
CREATE TABLE orders (
  order_id BIGINT, amount DOUBLE, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', type = 'source', bad_data = 'drop', max_future = '30 days');
CREATE TABLE clicks (id BIGINT, ts TIMESTAMP) WITH (connector = 'single_file', path = 'data/clicks.jsonl', type = 'source', bad_data = 'drop', event_time_field = 'ts');
SELECT count(*) AS n FROM orders GROUP BY tumble(interval '1 minute')
UNION ALL
SELECT count(*) AS n FROM clicks GROUP BY tumble(interval '1 minute');
