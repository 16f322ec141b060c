-- fail: row_number() OVER needs PARTITION BY window
-- expect-hint: WHERE rn <= 3
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT row_number() OVER (PARTITION BY region ORDER BY amount) AS rn FROM orders;
