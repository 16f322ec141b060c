-- A bare SELECT * goes to the preview stream.
-- stages: 1
-- expect: preview (preview, 1 shard)
-- expect: output preview (stream preview)
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT * FROM orders;
