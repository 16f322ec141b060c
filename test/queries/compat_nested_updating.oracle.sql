SELECT n, count(*) AS users, sum(total) AS amount, count(total) AS with_amount, round(avg(kinds), 4) AS avg_kinds,
  count(DISTINCT kinds) AS kind_counts
FROM (
  SELECT uid, count(*) AS n, sum(amount) AS total, count(DISTINCT kind) AS kinds FROM {{events}} GROUP BY uid
)
WHERE kinds >= 3 AND total > 5000
GROUP BY n
HAVING count(*) > 1
