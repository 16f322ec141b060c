-- Many keys: 30-second windows per customer (about 300 keys), through a subquery.
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source');

CREATE TABLE tumble_customers WITH (connector = 'single_file', path = 'out/tumble_customers.jsonl', format = 'json', type = 'sink');

INSERT INTO tumble_customers
SELECT window.start AS window_start, customer, count(*) AS n, sum(amount) AS total, max(amount) AS biggest
FROM (SELECT customer, amount, ts FROM orders WHERE customer LIKE 'c%') AS o
GROUP BY tumble(interval '30 seconds') AS window, customer;
