-- Stateless filter and projection over the scalar expression library.
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source',
        event_time_field = 'ts');

CREATE TABLE filter_project WITH (connector = 'single_file', path = 'out/filter_project.jsonl', format = 'json', type = 'sink');

INSERT INTO filter_project
SELECT
  order_id,
  upper(customer) AS cust_upper,
  lower(region) || '/' || status AS tag,
  length(customer) + order_id % 7 AS len_mod,
  substr(customer, 2, 3) AS cust_num,
  concat(region, '-', CAST(order_id AS TEXT)) AS label,
  coalesce(amount, -1.0) AS amount_or_default,
  abs(amount - 250) AS distance,
  CASE WHEN amount IS NULL THEN 'unknown' WHEN amount >= 400 THEN 'huge' WHEN amount > 100 THEN 'big' ELSE 'small' END AS size,
  amount * 2 + 1 AS doubled,
  NOT (status = 'placed') AS not_placed
FROM orders
WHERE (region IN ('eu', 'us', 'apac') OR amount IS NULL)
  AND status NOT IN ('cancelled')
  AND NOT customer LIKE '%7'
  AND (amount IS NULL OR amount > 20);
