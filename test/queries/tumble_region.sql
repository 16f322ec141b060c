-- Tumbling one-minute windows per region: count, sum, avg, min, max, with a filter.
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source');

CREATE TABLE tumble_region WITH (connector = 'single_file', path = 'out/tumble_region.jsonl', format = 'json', type = 'sink');

INSERT INTO tumble_region
SELECT window.start AS window_start, window.end AS window_end, region,
  count(*) AS orders, count(amount) AS priced, sum(amount) AS revenue, avg(amount) AS avg_amount,
  min(amount) AS min_amount, max(amount) AS max_amount
FROM orders
WHERE status <> 'cancelled'
GROUP BY tumble(interval '1 minute') AS window, region;
