-- Windowed INNER JOIN with a residual condition: per 10-second window and customer, the number of
-- placed orders and the biggest shipped order, where some order was placed and shipped was > 100.
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source');

CREATE TABLE join_window_inner WITH (connector = 'single_file', path = 'out/join_window_inner.jsonl', format = 'json', type = 'sink');

CREATE VIEW placed AS
SELECT tumble(interval '10 seconds') AS window, customer, count(*) AS n
FROM orders WHERE status = 'placed' GROUP BY window, customer;

INSERT INTO join_window_inner
SELECT p.window.start AS window_start, p.window.end AS window_end, p.customer, p.n, s.biggest
FROM placed AS p
JOIN (SELECT tumble(interval '10 seconds') AS window, customer, max(amount) AS biggest
      FROM orders WHERE status = 'shipped' GROUP BY window, customer) AS s
  ON p.customer = s.customer AND s.window = p.window AND s.biggest > 100;
