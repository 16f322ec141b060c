-- Hopping windows (slide 10 s, width 30 s) per kind, in a view read by an outer query: the
-- extended aggregates, count(DISTINCT), approx_distinct (exact at this cardinality), HAVING.
-- first_value/last_value/array_agg order by event time; events.jsonl has no equal event times.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE breadth_hop_aggs WITH (connector = 'single_file', path = 'out/breadth_hop_aggs.jsonl', format = 'json', type = 'sink');

CREATE VIEW hopped AS
SELECT window, kind, count(*) AS n, count(DISTINCT uid) AS users, approx_distinct(uid) AS approx_users,
  median(amount) AS med, stddev(score) AS sd, stddev_pop(score) AS sd_pop, variance(score) AS var_s,
  var_pop(score) AS var_p, bool_and(flag) AS all_flag, bool_or(amount > 850) AS any_big,
  first_value(id) AS first_id, last_value(id) AS last_id, array_agg(id) AS ids
FROM events
GROUP BY hop(interval '10 seconds', interval '30 seconds') AS window, kind
HAVING count(*) > 100;

INSERT INTO breadth_hop_aggs
SELECT window.start AS window_start, window.end AS window_end, kind, n, users, approx_users, med, sd, sd_pop,
  var_s, var_p, all_flag, any_big, first_id, last_id, ids
FROM hopped;
