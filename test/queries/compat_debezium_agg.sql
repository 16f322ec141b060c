-- pk: product
-- An updating aggregate over a debezium_json source (Arroyo's debezium_agg): creates add a row,
-- deletes take it back, updates do both (an update may move a row to another group). count,
-- count(DISTINCT), sum and avg retract; a group left with no rows is deleted (most of the fine
-- groups here end empty). The final state per group must equal DuckDB's GROUP BY over the last
-- change per id.
CREATE TABLE changes (
  id INT PRIMARY KEY, customer TEXT, product TEXT, quantity INT, price DOUBLE, order_date TIMESTAMP
) WITH (connector = 'single_file', path = 'inputs/changes.jsonl', format = 'debezium_json', type = 'source', bad_data = 'drop');

CREATE TABLE compat_debezium_agg (
  product TEXT PRIMARY KEY, n BIGINT, customers BIGINT, q BIGINT, avg_q DOUBLE
) WITH (connector = 'single_file', path = 'out/compat_debezium_agg.jsonl', format = 'debezium_json', type = 'sink');

INSERT INTO compat_debezium_agg
SELECT concat('p_', product, '_', quantity, '_', customer), count(*), count(DISTINCT customer), sum(quantity + 5) + 10, round(avg(quantity), 6)
FROM changes
WHERE customer <> 'c7'
GROUP BY concat('p_', product, '_', quantity, '_', customer);
