-- fail: WITH (…) options in CREATE TABLE … AS is not supported
-- expect-hint: INSERT INTO
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
CREATE TABLE big WITH (connector = 'single_file', path = 'out/x.jsonl', format = 'json', type = 'sink') AS SELECT * FROM orders;
SELECT * FROM big;
