-- fail: path 'lake/orders' is not an S3 URL
-- at: 4:65
-- expect-hint: path = 's3://my-bucket/orders/'
CREATE TABLE orders (id BIGINT) WITH (connector = 'filesystem', path = 'lake/orders', format = 'json', type = 'source');
SELECT id FROM orders;
