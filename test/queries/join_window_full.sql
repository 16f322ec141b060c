-- Windowed FULL JOIN of two aggregates of one stream: placed orders and shipped revenue per region
-- and 30-second window; a window/region with only one of them keeps NULLs for the other.
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source');

CREATE TABLE join_window_full WITH (connector = 'single_file', path = 'out/join_window_full.jsonl', format = 'json', type = 'sink');

CREATE VIEW placed AS
SELECT tumble(interval '30 seconds') AS window, region, count(*) AS n
FROM orders WHERE status = 'placed' AND customer LIKE 'c00%' GROUP BY window, region;

CREATE VIEW shipped AS
SELECT tumble(interval '30 seconds') AS window, region, sum(amount) AS total
FROM orders WHERE status = 'shipped' AND customer LIKE 'c01%' GROUP BY window, region;

INSERT INTO join_window_full
SELECT coalesce(p.window.start, s.window.start) AS window_start, coalesce(p.region, s.region) AS region,
  p.n AS placed, s.total AS shipped
FROM placed p FULL JOIN shipped s ON p.window = s.window AND p.region = s.region;
