-- fail: the debezium_json source orders is a changelog of updates and deletes, and the sink out is format 'json'
-- at: 8:1
-- expect-hint: updates need a sink WITH (format = 'debezium_json')
CREATE TABLE orders (id INT PRIMARY KEY, product TEXT, quantity INT)
WITH (connector = 'single_file', path = 'orders.jsonl', format = 'debezium_json', type = 'source');
CREATE TABLE out (id INT, product TEXT)
WITH (connector = 'single_file', path = 'out.jsonl', format = 'json', type = 'sink');
INSERT INTO out SELECT id, product FROM orders;
