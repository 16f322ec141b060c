-- fail: METADATA FROM 'topic' is not supported for connector kinesis: only kafka sources have metadata fields
-- at: 5:19
CREATE TABLE events (
  value TEXT,
  topic_name TEXT METADATA FROM 'topic'
) WITH (connector = 'kinesis', stream_name = 's', format = 'json', type = 'source');
SELECT topic_name FROM events;
