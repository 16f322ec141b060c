-- Arroyo's JSON type and operators: a JSON column takes any JSON value (here the tags array),
-- held as its JSON text; `j -> key` is the value as JSON text, `j ->> key` a string as is (else
-- JSON text); keys are names or array indexes, and chain. Also on JSON held in TEXT (payload).
CREATE TABLE events (
  id BIGINT, tags JSON, payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_json WITH (connector = 'single_file', path = 'out/compat_json.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_json
SELECT id, tags ->> 0 AS first_tag, tags -> 1 AS second_tag_json, payload ->> 'device' AS device,
  payload -> 'geo' ->> 'lat' AS lat, payload -> 'geo' -> 'ok' AS ok, payload ->> 'missing' AS missing
FROM events
WHERE id % 7 = 0;
