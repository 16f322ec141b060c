SELECT id, to_json(tags) ->> 0 AS first_tag, to_json(tags) -> 1 AS second_tag_json,
  payload::JSON ->> 'device' AS device, payload::JSON -> 'geo' ->> 'lat' AS lat,
  payload::JSON -> 'geo' -> 'ok' AS ok, payload::JSON ->> 'missing' AS missing
FROM {{events}}
WHERE id % 7 = 0
