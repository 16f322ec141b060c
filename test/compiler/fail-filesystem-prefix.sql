-- fail: path 's3://lake/out' must name a folder
-- expect-hint: write path = 's3://lake/out/'
-- at: 6:3
CREATE TABLE orders (id BIGINT) WITH (connector = 'kinesis', stream_name = 'orders', type = 'source');
CREATE TABLE out WITH (connector = 'filesystem',
  path = 's3://lake/out', format = 'json', type = 'sink');
INSERT INTO out SELECT id FROM orders;
