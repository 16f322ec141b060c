-- pk: kind
-- The same aggregates as compat_aggregates, in an updating aggregate (GROUP BY without a window)
-- written as Debezium changes; the final state per kind must equal DuckDB's GROUP BY.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS (ts - INTERVAL '4' SECOND)
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_updating WITH (connector = 'single_file', path = 'out/compat_updating.jsonl', format = 'debezium_json', type = 'sink');

INSERT INTO compat_updating
SELECT kind, count(*) AS n, bit_and(amount) AS b_and, bit_or(amount) AS b_or, bit_xor(amount) AS b_xor,
  round(var(score), 2) AS var_score, approx_median(amount) AS med_amount, round(corr(score, amount), 6) AS corr_sa,
  round(covar_pop(score, amount), 1) AS covar_p, round(covar_samp(score, amount), 1) AS covar_s,
  round(regr_slope(score, amount), 6) AS slope, round(regr_intercept(score, amount), 4) AS intercept,
  regr_count(score, amount) AS pairs, round(regr_r2(score, amount), 6) AS r2,
  round(regr_avgx(score, amount), 4) AS avgx, round(regr_avgy(score, amount), 4) AS avgy,
  round(regr_sxx(score, amount), 0) AS sxx, round(regr_syy(score, amount), 0) AS syy,
  round(regr_sxy(score, amount), 0) AS sxy
FROM events
GROUP BY kind;
