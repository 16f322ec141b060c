-- fail: would use processing time; sluice supports that only for bounded sources
-- at: 4:49
CREATE TABLE events (id BIGINT, kind TEXT) WITH (connector = 'kinesis', stream_name = 's', format = 'json', type = 'source');
SELECT kind, count(*) AS n FROM events GROUP BY tumble(interval '1' minute), kind;
