-- fail: sinks a and b write the same file
-- at: 10:1
-- expect-hint: give b its own path
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
CREATE TABLE a WITH (connector = 'single_file', path = 'out/same.jsonl', format = 'json', type = 'sink');
CREATE TABLE b WITH (connector = 'single_file', path = 'out/same.jsonl', format = 'json', type = 'sink');
INSERT INTO a SELECT region FROM orders;
INSERT INTO b SELECT status FROM orders;
