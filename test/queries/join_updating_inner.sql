-- Updating (unwindowed) INNER JOIN with a TTL: each cancelled order paired with every shipped order
-- of the same customer whose event time is within 20 seconds of it.
SET updating_ttl = INTERVAL '20 seconds';
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source');

CREATE TABLE join_updating_inner WITH (connector = 'single_file', path = 'out/join_updating_inner.jsonl', format = 'json', type = 'sink');

INSERT INTO join_updating_inner
SELECT c.order_id AS cancelled_id, s.order_id AS shipped_id, c.customer, s.amount
FROM (SELECT * FROM orders WHERE status = 'cancelled') AS c
JOIN (SELECT * FROM orders WHERE status = 'shipped') AS s ON c.customer = s.customer;
