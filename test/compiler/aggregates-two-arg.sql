-- Arroyo's further aggregates: bitwise folds, var (var_samp), approx_median, and the two-argument
-- statistics corr / covar_* / regr_*(y, x), in a window aggregate.
-- expect: bit_and(order_id) AS b_and, bit_or(order_id) AS b_or, bit_xor(order_id) AS b_xor, var_samp(amount) AS v, approx_median(amount) AS am
-- expect: corr(amount, order_id) AS c, covar_pop(amount, order_id) AS cp, covar_samp(amount, order_id) AS cs
-- expect: regr_count(amount, order_id) AS rc
-- expect: rc int not null
-- expect: r2 float
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
SELECT bit_and(order_id) AS b_and, bit_or(order_id) AS b_or, bit_xor(order_id) AS b_xor, var(amount) AS v,
  approx_median(amount) AS am, corr(amount, order_id) AS c, covar_pop(amount, order_id) AS cp,
  covar_samp(amount, order_id) AS cs, regr_slope(amount, order_id) AS rs, regr_intercept(amount, order_id) AS ri,
  regr_count(amount, order_id) AS rc, regr_r2(amount, order_id) AS r2, regr_avgx(amount, order_id) AS ax,
  regr_avgy(amount, order_id) AS ay, regr_sxx(amount, order_id) AS sxx, regr_syy(amount, order_id) AS syy,
  regr_sxy(amount, order_id) AS sxy
FROM orders GROUP BY tumble(interval '1 minute');
