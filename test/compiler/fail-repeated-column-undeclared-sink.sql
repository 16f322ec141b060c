-- fail: the output column order_id appears twice
-- expect-hint: AS
CREATE TABLE orders (order_id BIGINT, ts TIMESTAMP)
WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
CREATE TABLE pairs WITH (connector = 'single_file', path = 'out/pairs.jsonl', format = 'json', type = 'sink');
INSERT INTO pairs SELECT a.order_id, order_id FROM orders a;
