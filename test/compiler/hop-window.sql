-- Hopping windows: slide, then width; window.start/end and aggregates.
-- stages: 2
-- expect: window_aggregate hop(1 minute, 5 minutes) keys (region)
-- expect: shuffle by region
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT window.start AS ws, window.end AS we, region, count(*) AS n FROM orders GROUP BY hop(interval '1 minute', interval '5 minutes') AS window, region;
