-- fail: max_future bounds event times, but this source has no event time
-- at: 4:69
CREATE TABLE logs (id BIGINT, msg TEXT)
WITH (connector = 'kinesis', stream_name = 'logs', type = 'source', max_future = '1 hour');
SELECT id, msg FROM logs;
