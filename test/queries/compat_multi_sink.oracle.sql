SELECT id, uid, kind, amount, 'big' AS origin FROM {{events}} WHERE amount > 500 AND kind = 'view'
UNION ALL
SELECT id, uid, kind, amount, 'small' AS origin FROM {{events}} WHERE amount < 0
