-- pk: id
-- A debezium_json source (Arroyo's updating input): creates, snapshot reads, updates and deletes of
-- orders by id, filtered and projected change by change into a Debezium sink. An update that moves
-- a row into or out of the filter becomes a create or a delete. Malformed changes are dead-lettered.
-- The final state per id must equal DuckDB's last change per id, filtered and projected.
CREATE TABLE changes (
  id INT PRIMARY KEY, customer TEXT, product TEXT, quantity INT, price DOUBLE, order_date TIMESTAMP
) WITH (connector = 'single_file', path = 'inputs/changes.jsonl', format = 'debezium_json', type = 'source', bad_data = 'drop');

CREATE TABLE compat_debezium (
  id INT PRIMARY KEY, customer TEXT, product TEXT, total DOUBLE, order_date TIMESTAMP
) WITH (connector = 'single_file', path = 'out/compat_debezium.jsonl', format = 'debezium_json', type = 'sink');

INSERT INTO compat_debezium
SELECT id, upper(customer) AS customer, product, round(quantity * price, 2) AS total, order_date
FROM changes
WHERE product <> 'Mouse';
