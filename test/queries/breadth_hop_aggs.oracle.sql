-- Hop windows as the union of the width/slide (= 3) tumbling offsets each event falls into.
WITH e AS (
  SELECT *, time_bucket(INTERVAL '10 seconds', ts) - INTERVAL (o * 10) SECOND AS window_start
  FROM {{events}}, range(3) r(o)
)
SELECT window_start, window_start + INTERVAL '30 seconds' AS window_end, kind, count(*) AS n,
  count(DISTINCT uid) AS users, count(DISTINCT uid) AS approx_users, median(amount) AS med,
  stddev_samp(score) AS sd, stddev_pop(score) AS sd_pop, var_samp(score) AS var_s, var_pop(score) AS var_p,
  bool_and(flag) AS all_flag, bool_or(amount > 850) AS any_big,
  arg_min(id, ts) AS first_id, arg_max(id, ts) AS last_id, array_agg(id ORDER BY ts) AS ids
FROM e
GROUP BY window_start, kind
HAVING count(*) > 100
