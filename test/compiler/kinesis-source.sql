-- A kinesis source reads the user's stream; no ingest stream.
-- stages: 1
-- expect: input  source events: kinesis stream my-events (from earliest)
-- expect: sink alerts: kinesis stream alerts-out
CREATE TABLE events (id BIGINT, level TEXT, msg VARCHAR) WITH (connector = 'kinesis', stream_name = 'my-events', 'source.offset' = 'earliest', format = 'json', type = 'source');
CREATE TABLE alerts WITH (connector = 'kinesis', stream_name = 'alerts-out', type = 'sink');
INSERT INTO alerts SELECT id, lower(msg) || '!' AS msg FROM events WHERE level = 'error';
