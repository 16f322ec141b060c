WITH marked AS (
  SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY uid ORDER BY ts) < INTERVAL '5 seconds' THEN 0 ELSE 1 END AS starts
  FROM {{events}}
), numbered AS (
  SELECT *, sum(starts) OVER (PARTITION BY uid ORDER BY ts) AS session_id FROM marked
)
SELECT uid, min(ts) AS session_start, max(ts) + INTERVAL '5 seconds' AS session_end, count(*) AS n,
  sum(amount) AS total, arg_min(kind, ts) AS first_kind, arg_max(kind, ts) AS last_kind,
  array_agg(id ORDER BY ts) AS ids
FROM numbered
GROUP BY uid, session_id
