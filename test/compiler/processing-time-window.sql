-- A window over a bounded source without event time is a processing-time window: rows are
-- windowed by their ingest record's arrival time (Arroyo: the time it reads them).
-- expect: no event time
-- expect: window_aggregate tumble(30 days)
CREATE TABLE events (id BIGINT, kind TEXT) WITH (connector = 'single_file', path = 'in.jsonl', format = 'json', type = 'source');
SELECT kind, n FROM (SELECT tumble(interval '30' day) AS window, kind, count(*) AS n FROM events GROUP BY 1, kind);
