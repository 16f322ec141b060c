-- fail: memory table spend is read but never written
-- at: 9:32
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE spend (who TEXT, total DOUBLE);
CREATE TABLE out1 WITH (connector = 'single_file', path = 'out/o.jsonl', format = 'json', type = 'sink');
INSERT INTO out1 SELECT * FROM spend;
