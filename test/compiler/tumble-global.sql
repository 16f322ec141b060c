-- A window without keys shuffles on one constant key.
-- stages: 2
-- expect: project 0 AS _global
-- expect: shuffle to edge-s2 by (_global)
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT window.start AS ws, count(*) AS n FROM orders GROUP BY tumble(INTERVAL '1' MINUTE) AS window;
