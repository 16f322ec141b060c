-- A bare SELECT previews its rows on stdout.
-- Run it:  npx sluice run examples/preview.sql

CREATE TABLE orders (
  order_id BIGINT,
  customer TEXT,
  region TEXT,
  amount DOUBLE,
  status TEXT,
  ts TIMESTAMP
) WITH (
  connector = 'single_file',
  path = 'data/orders.jsonl',
  format = 'json',
  type = 'source',
  event_time_field = 'ts',
  bad_data = 'drop'
);

SELECT order_id, customer, amount
FROM orders
WHERE amount > 499;
