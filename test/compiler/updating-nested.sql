-- Nested updating aggregates (Arroyo's active_drivers): a filter and an updating aggregate read an
-- updating aggregate's changelog; its changes cross the shuffle as retraction + new row.
-- stages: 3
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE out (n BIGINT, keys BIGINT, total DOUBLE)
WITH (connector = 'single_file', path = 'out.jsonl', format = 'debezium_json', type = 'sink');
CREATE VIEW totals AS SELECT region, count(*) AS n, sum(amount) AS s FROM orders GROUP BY region;
INSERT INTO out
SELECT n, count(*), sum(s) FROM (SELECT n, s FROM totals WHERE n > 3) GROUP BY n;
