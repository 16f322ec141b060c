-- fail: puts every row in 86,400,000 windows; at most 1,000 are allowed
-- at: 8:82
-- expect-hint: hop(interval '2 minutes', interval '1 day')
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT count(*) AS n FROM orders GROUP BY hop(interval '1 millisecond', interval '1 day');
