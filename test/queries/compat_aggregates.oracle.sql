SELECT time_bucket(INTERVAL '30 seconds', ts) AS window_start, kind, count(*) AS n,
  bit_and(amount) AS b_and, bit_or(amount) AS b_or, bit_xor(amount) AS b_xor,
  round(var_samp(score), 2) AS var_score, median(amount) AS med_amount,
  corr(score, amount) AS corr_sa, round(covar_pop(score, amount), 2) AS covar_p,
  round(covar_samp(score, amount), 2) AS covar_s, regr_slope(score, amount) AS slope,
  round(regr_intercept(score, amount), 4) AS intercept, regr_count(score, amount) AS pairs,
  regr_r2(score, amount) AS r2, round(regr_avgx(score, amount), 4) AS avgx,
  round(regr_avgy(score, amount), 4) AS avgy, round(regr_sxx(score, amount), 2) AS sxx,
  round(regr_syy(score, amount), 2) AS syy, round(regr_sxy(score, amount), 2) AS sxy
FROM {{events}}
GROUP BY window_start, kind
