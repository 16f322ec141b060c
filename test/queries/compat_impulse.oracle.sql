SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (n // 100) SECOND AS window_start, count(*) AS n,
  sum(n) AS total, max(n) AS last, 0 AS subtasks
FROM range(1000) r(n)
GROUP BY window_start
