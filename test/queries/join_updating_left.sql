-- Updating LEFT JOIN with a TTL: each order over 450 with the shipped orders of its region within
-- 2 seconds of it; an order with none is emitted once, NULL-padded, when its TTL expires.
SET updating_ttl = '2 seconds';
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source');

CREATE TABLE join_updating_left WITH (connector = 'single_file', path = 'out/join_updating_left.jsonl', format = 'json', type = 'sink');

CREATE VIEW big AS SELECT order_id, region, amount, ts FROM orders WHERE amount > 450;
CREATE VIEW shipped AS SELECT order_id, region FROM orders WHERE status = 'shipped' AND customer LIKE 'c00%';

INSERT INTO join_updating_left
SELECT b.order_id, b.region, b.amount, s.order_id AS shipped_id
FROM big b LEFT JOIN shipped s ON b.region = s.region AND s.order_id <> b.order_id;
