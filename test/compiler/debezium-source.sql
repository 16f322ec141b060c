-- A debezium_json source (a changelog): filters and projections map each change side by side into
-- a Debezium sink; one stage, at parallelism 1 (per-key order).
-- stages: 1
CREATE TABLE orders (id INT PRIMARY KEY, product TEXT, quantity INT, order_date TIMESTAMP)
WITH (connector = 'single_file', path = 'orders.jsonl', format = 'debezium_json', type = 'source');
CREATE TABLE out (id INT PRIMARY KEY, product TEXT, q INT)
WITH (connector = 'single_file', path = 'out.jsonl', format = 'debezium_json', type = 'sink');
INSERT INTO out SELECT id, upper(product), quantity * 2 FROM orders WHERE quantity > 1;
