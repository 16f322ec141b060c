WITH ok AS (
  SELECT source.lsn AS lsn, op, before, after, coalesce(after.id, before.id) AS id
  FROM {{changes}}
  WHERE (op IN ('c', 'r') AND after IS NOT NULL)
     OR (op = 'u' AND before IS NOT NULL AND after IS NOT NULL)
     OR (op = 'd' AND before IS NOT NULL)
), last AS (
  SELECT id, op, after, row_number() OVER (PARTITION BY id ORDER BY lsn DESC) AS rn FROM ok
)
SELECT concat('p_', after.product, '_', after.quantity, '_', after.customer) AS product, count(*) AS n, count(DISTINCT after.customer) AS customers,
  sum(after.quantity + 5) + 10 AS q, round(avg(after.quantity), 6) AS avg_q
FROM last
WHERE rn = 1 AND op <> 'd' AND after.customer <> 'c7'
GROUP BY concat('p_', after.product, '_', after.quantity, '_', after.customer)
