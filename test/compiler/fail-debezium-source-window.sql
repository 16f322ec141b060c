-- fail: this query reads a debezium_json source (a changelog of updates and deletes) through an operator (window aggregate) that is not supported over updating input yet
-- at: 8:1
-- expect-hint: read it with filters, projections and one GROUP BY without a window
CREATE TABLE orders (id INT PRIMARY KEY, product TEXT, quantity INT)
WITH (connector = 'single_file', path = 'orders.jsonl', format = 'debezium_json', type = 'source');
CREATE TABLE out (product TEXT, n BIGINT)
WITH (connector = 'single_file', path = 'out.jsonl', format = 'json', type = 'sink');
INSERT INTO out SELECT product, count(*) FROM orders GROUP BY product, tumble(interval '1 minute');
