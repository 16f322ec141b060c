-- Top-N per window: a shuffle by the window, then the outer filter.
-- stages: 3
-- expect: top_n row_number() AS _row_number partition (window_start, window_end) order by n DESC
-- expect: filter rn <= 3
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW counts AS SELECT window, region, count(*) AS n FROM orders GROUP BY tumble(interval '1 minute') AS window, region;
SELECT * FROM (SELECT window.start AS ws, region, n, row_number() OVER (PARTITION BY window ORDER BY n DESC) AS rn FROM counts) WHERE rn <= 3;
