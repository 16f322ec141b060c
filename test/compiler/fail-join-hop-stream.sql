-- fail: joining hop window results with an unwindowed stream is not supported
-- expect-hint: same hop
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
CREATE VIEW a AS SELECT window, region, count(*) AS n FROM orders GROUP BY hop(interval '10 seconds', interval '1 minute') AS window, region;
SELECT a.region, a.n, o.amount FROM a JOIN orders AS o ON a.region = o.region;
