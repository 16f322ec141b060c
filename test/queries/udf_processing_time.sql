-- A window over a source without event time: Arroyo windows by processing time, sluice by each
-- ingest record's Kinesis arrival time (stamped once, so a replay assigns the same windows). A
-- 30-day tumbling window holds the whole run (as Arroyo's smoke test udaf.sql), so the answer is
-- the per-kind aggregate; with a two-argument aggregate UDF (udf-modules/pair-aggregates.ts).
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE udf_processing_time WITH (connector = 'single_file', path = 'out/udf_processing_time.jsonl', format = 'json', type = 'sink');

INSERT INTO udf_processing_time
SELECT kind, n, total, best FROM (
  SELECT tumble(interval '30' day) AS window, kind, count(*) AS n, sum(amount) AS total,
    max_product(amount, id) AS best
  FROM events
  GROUP BY 1, kind);
