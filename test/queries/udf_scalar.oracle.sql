SELECT id, amount * 0.9::DOUBLE AS net, CAST(trunc(amount / 100.0) AS BIGINT) AS b,
  kind || ':' || CASE WHEN score IS NULL THEN 'none' WHEN score >= 50 THEN 'high' ELSE 'low' END AS l,
  score * 2 AS d, len(tags) AS n_tags, hour(ts) AS h, ts + to_seconds(id % 7) AS t2,
  string_split(uid, '0') AS p, NULLIF(regexp_extract(payload, '"device":"([^"]*)"', 1), '') AS dev,
  (CAST(trunc(amount / 100.0) AS BIGINT) + 1) * 0.9::DOUBLE AS nested
FROM {{events}}
WHERE id % 2 = 0
