-- TypeScript UDFs: every *.ts in udfs/ next to this file is loaded, typed by its signatures and
-- bundled into the stage functions.
-- Run it:  npx sluice run examples/udf/tiers.sql
-- Output:  examples/udf/out/tier_totals.jsonl

CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = '../data/orders.jsonl', format = 'json', type = 'source',
        bad_data = 'drop');

CREATE TABLE tier_totals WITH (connector = 'single_file', path = 'out/tier_totals.jsonl', format = 'json',
                               type = 'sink');

-- Scalar and async UDFs where rows enter the pipeline (the async lookup runs before the shuffle).
CREATE VIEW priced AS
SELECT tier(customer) AS tier, sizeClass(amount) AS size, discounted(amount, region) AS net, ts
FROM orders
WHERE status <> 'cancelled';

-- An aggregate UDF next to the built-in aggregates.
INSERT INTO tier_totals
SELECT window.start AS window_start, tier, size, count(*) AS orders, sum(net) AS net_revenue,
  iqr(net) AS net_iqr
FROM priced
GROUP BY tumble(interval '1 minute') AS window, tier, size;
