-- fail: hop() width 5 minutes must be a multiple of its slide 2 minutes
-- at: 8:43
-- expect-hint: whole number of slides
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT count(*) AS n FROM orders GROUP BY hop(interval '2 minutes', interval '5 minutes');
