-- fail: max cannot take back the rows a debezium_json source updates or deletes
-- at: 8:1
-- expect-hint: over a changelog use count, sum, avg or count(DISTINCT …)
CREATE TABLE orders (id INT PRIMARY KEY, product TEXT, quantity INT)
WITH (connector = 'single_file', path = 'orders.jsonl', format = 'debezium_json', type = 'source');
CREATE TABLE out (product TEXT, n BIGINT, m INT)
WITH (connector = 'single_file', path = 'out.jsonl', format = 'debezium_json', type = 'sink');
INSERT INTO out SELECT product, count(*), max(quantity) FROM orders GROUP BY product;
