-- fail: path 's3://lake' names a whole bucket
-- expect-hint: use a prefix, such as path = 's3://lake/orders/'
-- at: 4:65
CREATE TABLE orders (id BIGINT) WITH (connector = 'filesystem', path = 's3://lake', format = 'json', type = 'source');
SELECT id FROM orders;
