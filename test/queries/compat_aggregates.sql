-- Arroyo's further aggregates in tumbling windows per kind: bit_and/bit_or/bit_xor (amount has
-- negatives: 64-bit two's complement), var (= var_samp), approx_median (exact), and corr, covar_pop,
-- covar_samp and the nine regr_*(y, x), which skip pairs with a NULL (score is sometimes NULL).
-- Sums of squares are rounded (their last digits depend on the summation order).
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS (ts - INTERVAL '4' SECOND)
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_aggregates WITH (connector = 'single_file', path = 'out/compat_aggregates.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_aggregates
SELECT window.start AS window_start, kind, count(*) AS n,
  bit_and(amount) AS b_and, bit_or(amount) AS b_or, bit_xor(amount) AS b_xor,
  round(var(score), 2) AS var_score, approx_median(amount) AS med_amount,
  corr(score, amount) AS corr_sa, round(covar_pop(score, amount), 2) AS covar_p,
  round(covar_samp(score, amount), 2) AS covar_s, regr_slope(score, amount) AS slope,
  round(regr_intercept(score, amount), 4) AS intercept, regr_count(score, amount) AS pairs,
  regr_r2(score, amount) AS r2, round(regr_avgx(score, amount), 4) AS avgx,
  round(regr_avgy(score, amount), 4) AS avgy, round(regr_sxx(score, amount), 2) AS sxx,
  round(regr_syy(score, amount), 2) AS syy, round(regr_sxy(score, amount), 2) AS sxy
FROM events
GROUP BY tumble(interval '30 seconds') AS window, kind;
