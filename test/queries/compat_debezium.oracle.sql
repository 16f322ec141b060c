WITH ok AS (
  SELECT source.lsn AS lsn, op, before, after, coalesce(after.id, before.id) AS id
  FROM {{changes}}
  WHERE (op IN ('c', 'r') AND after IS NOT NULL)
     OR (op = 'u' AND before IS NOT NULL AND after IS NOT NULL)
     OR (op = 'd' AND before IS NOT NULL)
), last AS (
  SELECT id, op, after, row_number() OVER (PARTITION BY id ORDER BY lsn DESC) AS rn FROM ok
)
SELECT after.id AS id, upper(after.customer) AS customer, after.product AS product,
  round(after.quantity * after.price, 2) AS total, make_timestamp(after.order_date // 1000) AS order_date
FROM last
WHERE rn = 1 AND op <> 'd' AND after.product <> 'Mouse'
