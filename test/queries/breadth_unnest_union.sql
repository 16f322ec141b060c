-- UNNEST of a TEXT[] column inside a view, UNION ALL with a second branch, interval arithmetic.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE breadth_unnest_union WITH (connector = 'single_file', path = 'out/breadth_unnest_union.jsonl', format = 'json', type = 'sink');

CREATE VIEW tagged AS SELECT id, uid, ts, unnest(tags) AS tag FROM events;

INSERT INTO breadth_unnest_union
SELECT id, 'tag' AS src, trim(lower(tag)) AS label, ts AS at FROM tagged WHERE tag <> 'red'
UNION ALL
SELECT id, 'kind' AS src, upper(kind), ts + INTERVAL '1' HOUR FROM events WHERE kind = 'buy' AND amount > 500;
