-- A sink with declared columns renames by position.
-- stages: 1
-- expect: project order_id AS id, amount AS total
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE s (id BIGINT, total DOUBLE) WITH (connector = 'single_file', path = 'out/s.jsonl', type = 'sink');
INSERT INTO s SELECT order_id, amount FROM orders;
