-- fail: memory table spend is read before the INSERT INTO spend that writes it
-- at: 10:38
-- expect-hint: move INSERT INTO spend
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE spend (who TEXT, total DOUBLE);
CREATE TABLE out1 WITH (connector = 'single_file', path = 'out/o.jsonl', format = 'json', type = 'sink');
CREATE VIEW early AS SELECT who FROM spend;
INSERT INTO spend SELECT customer, amount FROM orders;
INSERT INTO out1 SELECT * FROM early;
