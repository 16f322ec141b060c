SELECT uid, count(*) AS n, sum(amount) AS total, max(score) AS best, count(DISTINCT kind) AS kinds
FROM {{events}}
GROUP BY uid
HAVING count(*) BETWEEN 3 AND 25
