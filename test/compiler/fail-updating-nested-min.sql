-- fail: max cannot take back the rows an updating aggregate updates or retracts
-- expect-hint: over a changelog use count, sum, avg or count(DISTINCT …)
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE out (n BIGINT, m BIGINT)
WITH (connector = 'single_file', path = 'out.jsonl', format = 'debezium_json', type = 'sink');
INSERT INTO out
SELECT n, max(n) FROM (SELECT region, count(*) AS n FROM orders GROUP BY region) GROUP BY n;
