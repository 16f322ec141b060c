-- WITH in a view, a CTE read on one side of a JOIN, and a nested WITH (inside a FROM subquery) whose
-- CTE reads the outer statement's CTE: each is inlined where it is read.
-- stages: 3
-- expect: filter amount > 10
-- expect: filter status = 'paid'
-- expect: updating_join inner
-- expect: schema region string, customer string
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW v AS WITH big AS (SELECT order_id, region, amount FROM orders WHERE amount > 10) SELECT * FROM big;
WITH paid AS (SELECT order_id, customer FROM orders WHERE status = 'paid')
SELECT v.region, p.customer
FROM v JOIN (SELECT * FROM (WITH again AS (SELECT * FROM paid) SELECT * FROM again) AS x) AS p
  ON v.order_id = p.order_id;
