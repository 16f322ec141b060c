SELECT kind, count(*) AS n, sum(amount) AS total, max(amount * id) AS best
FROM {{events}}
GROUP BY kind
