-- pk: n
-- Nested updating aggregates (Arroyo's active_drivers): per uid an updating count, sum and
-- count(DISTINCT kind); a filter over the distinct count; then per count bucket the number of uids,
-- their amounts and kinds. The inner aggregate's updates reach the outer one as retraction + new
-- row; the final state per bucket must equal DuckDB's nested GROUP BY.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS (ts - INTERVAL '4' SECOND)
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_nested_updating WITH (connector = 'single_file', path = 'out/compat_nested_updating.jsonl', format = 'debezium_json', type = 'sink');

INSERT INTO compat_nested_updating
SELECT n, count(*) AS users, sum(total) AS amount, count(total) AS with_amount, round(avg(kinds), 4) AS avg_kinds,
  count(DISTINCT kinds) AS kind_counts
FROM (
  SELECT uid, count(*) AS n, sum(amount) AS total, count(DISTINCT kind) AS kinds FROM events GROUP BY uid
)
WHERE kinds >= 3 AND total > 5000
GROUP BY n
HAVING count(*) > 1;
