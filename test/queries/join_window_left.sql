-- Windowed LEFT JOIN: every 1-minute window and region of cancelled orders, with the number of
-- shipped orders of large amount in the same window and region (NULL when there were none).
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source');

CREATE TABLE join_window_left WITH (connector = 'single_file', path = 'out/join_window_left.jsonl', format = 'json', type = 'sink');

CREATE VIEW cancelled AS
SELECT tumble(interval '1 minute') AS window, region, count(*) AS cancelled
FROM orders WHERE status = 'cancelled' GROUP BY window, region;

CREATE VIEW big_shipped AS
SELECT tumble(interval '1 minute') AS window, region, count(*) AS big
FROM orders WHERE status = 'shipped' AND amount > 490 GROUP BY window, region;

INSERT INTO join_window_left
SELECT c.window.start AS window_start, c.region, c.cancelled, b.big
FROM cancelled c LEFT JOIN big_shipped b ON c.window = b.window AND c.region = b.region;
