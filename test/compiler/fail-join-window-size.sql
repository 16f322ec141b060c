-- fail: the two sides of the join have different windows
-- expect-hint: same tumble(…) or the same hop
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW a AS SELECT tumble(interval '10 seconds') AS window, region, count(*) AS n FROM orders GROUP BY window, region;
CREATE VIEW b AS SELECT tumble(interval '1 minute') AS window, region, count(*) AS n FROM orders GROUP BY window, region;
SELECT a.region FROM a JOIN b ON a.window = b.window AND a.region = b.region;
