-- Windowed RIGHT JOIN where the right side is the raw stream: each big order (amount > 495) with the
-- number of orders its customer placed in the same 30-second window (NULL if none was placed).
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source');

CREATE TABLE join_window_right WITH (connector = 'single_file', path = 'out/join_window_right.jsonl', format = 'json', type = 'sink');

CREATE VIEW placed AS
SELECT tumble(interval '30 seconds') AS window, customer, count(*) AS placed
FROM orders WHERE status = 'placed' GROUP BY window, customer;

INSERT INTO join_window_right
SELECT o.order_id, o.customer, o.amount, p.placed
FROM placed p RIGHT JOIN (SELECT order_id, customer, amount FROM orders WHERE amount > 495) o
  ON p.customer = o.customer;
