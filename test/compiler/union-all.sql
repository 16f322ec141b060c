-- UNION ALL: each branch shuffles into one union stage; types widen, names from the first.
-- stages: 3
-- expect: edge from s1, s2
-- expect: project order_id, CAST(y AS DOUBLE) AS x
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, amount AS x FROM orders WHERE amount > 100 UNION ALL SELECT order_id, order_id AS y FROM orders WHERE amount < 5;
