-- fail: the two sides of the join have different windows (hop slide 10000 ms width 60000 ms and hop slide 10000 ms width 30000 ms)
-- expect-hint: same hop
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
CREATE VIEW a AS SELECT window, region, count(*) AS n FROM orders GROUP BY hop(interval '10 seconds', interval '1 minute') AS window, region;
CREATE VIEW b AS SELECT window, region, sum(amount) AS s FROM orders GROUP BY hop(interval '10 seconds', interval '30 seconds') AS window, region;
SELECT a.region, a.n, b.s FROM a JOIN b ON a.window = b.window AND a.region = b.region;
