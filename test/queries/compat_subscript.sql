-- Array subscripts as in Arroyo (DataFusion): arr[i] is 1-based, a negative index counts from the
-- end, and an index past either end (or into an empty array) is NULL; subscripts nest in expressions.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS (ts - INTERVAL '4' SECOND)
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_subscript WITH (connector = 'single_file', path = 'out/compat_subscript.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_subscript
SELECT id, tags[1] AS first_tag, tags[2] AS second_tag, tags[-1] AS last_tag, tags[0] AS zeroth,
  upper(tags[cardinality(tags)]) AS last_upper
FROM events
WHERE id % 7 = 0;
