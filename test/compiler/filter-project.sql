-- The canonical filter/projection: one stage.
-- stages: 1
-- expect: filter region IN ('eu', 'us') AND customer LIKE 'a%' AND amount IS NOT NULL
-- expect: round(amount * 1.2, 2) AS gross
-- expect: CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS size
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE big WITH (connector = 'single_file', path = 'out/big.jsonl', format = 'json', type = 'sink');
INSERT INTO big SELECT order_id, upper(customer) AS customer, round(amount * 1.2, 2) AS gross, CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS size FROM orders WHERE region IN ('eu','us') AND customer LIKE 'a%' AND amount IS NOT NULL;
