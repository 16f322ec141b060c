-- fail: a join of two windowed inputs must match their windows
-- at: 10:34
-- expect-hint: a.window = b.window
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW a AS SELECT tumble(interval '10 seconds') AS window, region, count(*) AS n FROM orders GROUP BY window, region;
CREATE VIEW b AS SELECT tumble(interval '10 seconds') AS window, region, count(*) AS n FROM orders GROUP BY window, region;
SELECT a.region FROM a JOIN b ON a.region = b.region;
