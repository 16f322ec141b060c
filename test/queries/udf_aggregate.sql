-- TypeScript aggregate UDFs (udf-modules/aggregates.ts, passed with --udf) in tumbling windows,
-- next to built-in aggregates and against DuckDB's: median, counts with and without NULLs, values
-- in event-time order, TIMESTAMP arrays. Exact under any batching: the values live in window state.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE udf_aggregate WITH (connector = 'single_file', path = 'out/udf_aggregate.jsonl', format = 'json', type = 'sink');

INSERT INTO udf_aggregate
SELECT window.start AS window_start, kind, count(*) AS n, my_median(amount) AS med, median(amount) AS builtin_med,
  present(score) AS scored, with_nulls(score) AS rows_seen, first_of(uid) AS first_uid, span_ms(ts) AS span
FROM events
GROUP BY tumble(interval '10 seconds') AS window, kind;
