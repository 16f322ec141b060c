-- fail: table spend has no connector, so it is a memory table, which takes no option path
-- at: 7:51
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE spend (who TEXT, total DOUBLE) WITH (path = 'x.jsonl');
CREATE TABLE out1 WITH (connector = 'single_file', path = 'out/o.jsonl', format = 'json', type = 'sink');
INSERT INTO spend SELECT customer, amount FROM orders;
INSERT INTO out1 SELECT * FROM spend;
