-- An outer query reads window.start/window.end from a view that grouped by window.
-- stages: 2
-- expect: filter n > 2
-- expect: project window_start AS ws, window_end AS we, region, n
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW counts AS
SELECT tumble(interval '30 seconds') AS window, region, count(*) AS n FROM orders GROUP BY window, region;
SELECT window.start AS ws, window.end AS we, region, n FROM counts WHERE n > 2;
