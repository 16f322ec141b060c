-- Session windows with a gap, selected whole (window_start/window_end).
-- stages: 2
-- expect: window_aggregate session(30 seconds) keys (customer)
-- expect: schema window_start timestamp not null, window_end timestamp not null, customer string
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT session(interval '30 seconds') AS window, customer, sum(amount) AS total FROM orders GROUP BY window, customer;
