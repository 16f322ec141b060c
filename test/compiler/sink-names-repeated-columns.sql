-- Two unaliased items with the same name feed a sink that declares its columns: the sink names them
-- by position (Arroyo's `SELECT A.counter, B.counter` into (left_count, right_count)).
-- expect: project order_id AS left_id, order_id AS right_id
CREATE TABLE orders (order_id BIGINT, ts TIMESTAMP)
WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
CREATE TABLE pairs (left_id BIGINT, right_id BIGINT)
WITH (connector = 'single_file', path = 'out/pairs.jsonl', format = 'json', type = 'sink');
INSERT INTO pairs SELECT a.order_id, order_id FROM orders a;
