-- UNNEST of an array column, one row per element.
-- stages: 1
-- expect: unnest _unnest_array AS _unnest
-- expect: schema order_id int, tag string
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT order_id, unnest(tags) AS tag FROM orders;
