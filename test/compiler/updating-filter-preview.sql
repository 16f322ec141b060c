-- A filter over an updating aggregate's changelog, previewed (Arroyo: a query over updating input).
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW totals AS SELECT region, count(*) AS n FROM orders GROUP BY region;
SELECT region FROM totals WHERE n > 3;
