-- Several INSERTs into one sink (Arroyo merges them): the sink writes the UNION ALL of the queries,
-- each conformed to its columns by position; another sink in the same file gets its own stages.
-- stages: 4
-- expect: edge from s1, s2
-- expect: sink merged
-- expect: sink other
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE merged (id BIGINT, what TEXT) WITH (connector = 'single_file', path = 'out/merged.jsonl', format = 'json', type = 'sink');
CREATE TABLE other WITH (connector = 'single_file', path = 'out/other.jsonl', format = 'json', type = 'sink');
INSERT INTO merged SELECT order_id, region FROM orders WHERE amount > 10;
INSERT INTO other SELECT status FROM orders;
INSERT INTO merged SELECT order_id AS o, customer FROM orders WHERE amount < 1;
