-- The scalar library: string, math, conditional, time, JSON, interval arithmetic.
-- expect: date_trunc('hour', ts) AS h
-- expect: ts + 3600000 AS later
-- expect: CASE WHEN amount > 10 THEN 'big' ELSE 'small' END AS size
-- expect: regexp_like(customer, '^c') AS re
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT trim(customer) AS t, lpad(region, 5, '*') AS p, ceil(amount) AS c, greatest(amount, 1.5) AS g, if(amount > 10, 'big', 'small') AS size, date_trunc('hour', ts) AS h, extract(minute FROM ts) AS m, ts + INTERVAL '1' HOUR AS later, json_get_str(status, 'a') AS j, customer ~ '^c' AS re FROM orders;
