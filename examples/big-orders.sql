-- Filter and reshape: large orders from two regions, with a derived gross amount.
-- Run it:  npx sluice run examples/big-orders.sql --parallelism 2

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

CREATE TABLE big_orders WITH (
  connector = 'single_file',
  path = 'out/big_orders.jsonl',
  format = 'json',
  type = 'sink'
);

INSERT INTO big_orders
SELECT
  order_id,
  upper(customer) AS customer,
  region,
  round(amount * 1.2, 2) AS gross,
  CASE WHEN amount >= 400 THEN 'huge' ELSE 'big' END AS size
FROM orders
WHERE region IN ('eu', 'us') AND amount > 250 AND status <> 'cancelled';
