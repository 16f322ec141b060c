-- fail: path 's3://lake/' names a whole bucket
-- expect-hint: use a prefix, such as path = 's3://lake/orders/'
-- at: 6:3
CREATE TABLE orders (id BIGINT) WITH (connector = 'kinesis', stream_name = 'orders', type = 'source');
CREATE TABLE out WITH (connector = 'filesystem',
  path = 's3://lake/', format = 'json', type = 'sink');
INSERT INTO out SELECT id FROM orders;
