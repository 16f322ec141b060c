-- An updating LEFT JOIN with the TTL from SET updating_ttl and a residual condition.
-- stages: 3
-- expect: updating_join left ttl 30 seconds on (__k0) side __side
-- expect: where amount_2 > amount
SET updating_ttl = INTERVAL '30' SECOND;
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT o.order_id, p.order_id AS later FROM orders o LEFT JOIN orders p ON o.customer = p.customer AND p.amount > o.amount;
