-- WITH: common table expressions become inline subqueries; a later CTE reads an earlier one, a CTE
-- may be read under an alias, and its name hides the table of the same name.
-- stages: 2
-- expect: filter amount > 10
-- expect: tumble(1 minute) keys (region)
-- expect: schema region string, n int not null
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
WITH big AS (SELECT region, amount FROM orders WHERE amount > 10),
     orders AS (SELECT b.region, count(*) AS n FROM big AS b GROUP BY tumble(interval '1 minute'), b.region)
SELECT o.region, o.n FROM orders o;
