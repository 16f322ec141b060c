-- fail: invalid format 'debezium_json'
CREATE TABLE orders (order_id BIGINT) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'debezium_json', type = 'source');
SELECT order_id FROM orders;
