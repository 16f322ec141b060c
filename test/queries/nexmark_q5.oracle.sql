WITH counts AS (
  SELECT time_bucket(INTERVAL '2 seconds', bid.datetime) AS ws, bid.auction AS auction, count(*) AS num
  FROM {{nexmark}} WHERE bid IS NOT NULL GROUP BY ALL
), maxes AS (SELECT ws, max(num) AS maxn FROM counts GROUP BY ws)
SELECT c.ws AS window_start, c.auction, c.num FROM counts c JOIN maxes m ON c.ws = m.ws AND c.num = m.maxn
