-- TypeScript UDFs: scalar in WHERE and SELECT, async before the shuffle (a GROUP BY key), aggregate.
-- udf: udf-modules/pricing.ts
-- stages: 2
-- expect: filter discount(amount) > 10
-- expect: project lookup(region) AS k0, discount(amount) AS a0
-- expect: my_median(a0) AS med
-- expect: lookup(region string) → string (async, concurrency 8, timeout 5000 ms)
-- expect: my_median(values float[]) → float null (aggregate)
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT window.start AS ws, lookup(region) AS r, my_median(discount(amount)) AS med, count(*) AS n
FROM orders
WHERE discount(amount) > 10
GROUP BY tumble(interval '1 minute') AS window, lookup(region);
