-- Every scalar expression form.
-- stages: 1
-- expect: CAST(order_id AS TEXT)
-- expect: NOT status NOT LIKE 'x%'
-- expect: coalesce(customer, 'anon')
-- expect: CASE status WHEN 'a' THEN 1 WHEN 'b' THEN 2.5 ELSE NULL END
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT CAST(order_id AS TEXT) AS id, -amount AS neg, amount % 7 AS m, order_id / 2 AS half,
  length(customer) AS l, char_length(region) AS l2, concat(region, '-', order_id) AS c, substr(customer, 1, 3) AS s1,
  substring(customer FROM 2 FOR 2) AS s2, coalesce(customer, 'anon') AS who, abs(amount) AS a, round(amount) AS r,
  CASE status WHEN 'a' THEN 1 WHEN 'b' THEN 2.5 ELSE NULL END AS code, amount BETWEEN 1 AND 10 AS mid,
  ts > TIMESTAMP '2024-01-01 00:00:00' AS recent, order_id NOT IN (1, 2) AS other, status IS NULL AS missing, true AS t
FROM orders WHERE NOT status NOT LIKE 'x%' OR amount >= 0;
