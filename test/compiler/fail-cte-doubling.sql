-- fail: reads its tables 512 times once its CTEs are inlined (at most 256)
-- expect-hint: read a CTE once
-- at: 14:3
CREATE TABLE orders (region TEXT) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
WITH a0 AS (SELECT region FROM orders),
  a1 AS (SELECT region FROM a0 UNION ALL SELECT region FROM a0),
  a2 AS (SELECT region FROM a1 UNION ALL SELECT region FROM a1),
  a3 AS (SELECT region FROM a2 UNION ALL SELECT region FROM a2),
  a4 AS (SELECT region FROM a3 UNION ALL SELECT region FROM a3),
  a5 AS (SELECT region FROM a4 UNION ALL SELECT region FROM a4),
  a6 AS (SELECT region FROM a5 UNION ALL SELECT region FROM a5),
  a7 AS (SELECT region FROM a6 UNION ALL SELECT region FROM a6),
  a8 AS (SELECT region FROM a7 UNION ALL SELECT region FROM a7),
  a9 AS (SELECT region FROM a8 UNION ALL SELECT region FROM a8)
SELECT * FROM a9;
