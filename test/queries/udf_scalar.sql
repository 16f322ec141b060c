-- TypeScript scalar UDFs (udf-modules/scalars.ts, passed with --udf) against the same logic in
-- DuckDB SQL: DOUBLE, BIGINT (bigint), BOOLEAN, TIMESTAMP (Date), arrays, nullable parameters and
-- results, NULL in → NULL out, a UDF in WHERE.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE udf_scalar WITH (connector = 'single_file', path = 'out/udf_scalar.jsonl', format = 'json', type = 'sink');

INSERT INTO udf_scalar
SELECT id, discount(amount) AS net, bucket(amount) AS b, label(kind, score) AS l, doubled(score) AS d,
  tag_count(tags) AS n_tags, hour_of(ts) AS h, later(ts, id % 7) AS t2, parts(uid) AS p, device(payload) AS dev,
  discount(bucket(amount) + 1) AS nested
FROM events
WHERE is_even(id);
