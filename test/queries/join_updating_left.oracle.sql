SELECT b.order_id, b.region, b.amount, s.order_id AS shipped_id
FROM (SELECT * FROM {{orders}} WHERE amount > 450) b
LEFT JOIN (SELECT * FROM {{orders}} WHERE status = 'shipped' AND customer LIKE 'c00%') s
  ON b.region = s.region AND s.order_id <> b.order_id AND abs(epoch_ms(b.ts) - epoch_ms(s.ts)) <= 2000
