-- The canonical windowed aggregate: GROUP BY tumble(…) AS window.
-- stages: 2
-- expect: output shuffle to edge-s2 by (region)
-- expect: window_aggregate tumble(1 minute) keys (region)
-- expect: aggregates count(*) AS orders, sum(amount) AS revenue, avg(amount) AS avg_amount, min(amount) AS min_amount, max(amount) AS max_amount
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE region_totals WITH (connector = 'single_file', path = 'out/region_totals.jsonl', format = 'json', type = 'sink');
INSERT INTO region_totals
SELECT window.start AS window_start, window.end AS window_end, region, count(*) AS orders, sum(amount) AS revenue, avg(amount) AS avg_amount, min(amount) AS min_amount, max(amount) AS max_amount
FROM orders WHERE status <> 'cancelled'
GROUP BY tumble(interval '1 minute') AS window, region;
