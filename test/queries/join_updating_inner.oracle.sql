SELECT c.order_id AS cancelled_id, s.order_id AS shipped_id, c.customer, s.amount
FROM (SELECT * FROM {{orders}} WHERE status = 'cancelled') c
JOIN (SELECT * FROM {{orders}} WHERE status = 'shipped') s
  ON c.customer = s.customer AND abs(epoch_ms(c.ts) - epoch_ms(s.ts)) <= 20000
