WITH valid AS (SELECT * FROM {{events}} WHERE amount >= 0 AND score IS NOT NULL),
     per_window AS (
       SELECT time_bucket(INTERVAL '20 seconds', ts) AS window_start, kind, count(*) AS n,
         sum(amount) AS total, max(score) AS best
       FROM valid WHERE kind <> 'view' GROUP BY window_start, kind)
SELECT * FROM per_window WHERE n > 5
