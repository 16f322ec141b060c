-- An updating aggregate over a debezium_json source (Arroyo's debezium_agg): retractable
-- aggregates only; the source stage runs on one shard, the aggregate after a shuffle by key.
-- stages: 2
CREATE TABLE orders (id INT PRIMARY KEY, customer TEXT, product TEXT, quantity INT)
WITH (connector = 'single_file', path = 'orders.jsonl', format = 'debezium_json', type = 'source');
CREATE TABLE out (id TEXT PRIMARY KEY, c INT, d INT, q INT, a DOUBLE)
WITH (connector = 'single_file', path = 'out.jsonl', format = 'debezium_json', type = 'sink');
INSERT INTO out
SELECT concat('p_', product), count(*), count(DISTINCT customer), sum(quantity + 5) + 10, avg(quantity)
FROM orders GROUP BY concat('p_', product);
