SELECT id, 'tag' AS src, trim(lower(tag)) AS label, ts AS at
FROM (SELECT id, uid, ts, unnest(tags) AS tag FROM {{events}})
WHERE tag <> 'red'
UNION ALL
SELECT id, 'kind' AS src, upper(kind), ts + INTERVAL '1' HOUR FROM {{events}} WHERE kind = 'buy' AND amount > 500
