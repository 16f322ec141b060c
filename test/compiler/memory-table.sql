-- Arroyo's memory table: a table without a connector, written by one INSERT and read by later
-- queries like a view (its declared columns rename the query's by position); two sinks read it.
-- stages: 3
-- expect: project customer AS who, amount AS total
-- expect: tumble(1 minute) keys (who)
-- expect: sink by_customer
-- expect: sink big
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE spend (who TEXT, total DOUBLE);
CREATE TABLE by_customer WITH (connector = 'single_file', path = 'out/by_customer.jsonl', format = 'json', type = 'sink');
CREATE TABLE big (who TEXT, total DOUBLE) WITH (connector = 'single_file', path = 'out/big.jsonl', format = 'json', type = 'sink');
INSERT INTO spend SELECT customer, amount FROM orders WHERE status = 'paid';
INSERT INTO by_customer SELECT who, sum(total) AS s FROM spend GROUP BY tumble(interval '1 minute'), who;
INSERT INTO big SELECT * FROM spend WHERE total > 100;
