-- Arroyo's CREATE TABLE … AS (SELECT …): a table of the query's rows that later queries read, which
-- sluice plans as a view; here a filtered projection aggregated in 30-second windows per kind.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS (ts - INTERVAL '4' SECOND)
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE big_orders AS (SELECT kind, amount, ts FROM events WHERE amount > 500);

CREATE TABLE compat_ctas WITH (connector = 'single_file', path = 'out/compat_ctas.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_ctas
SELECT window.start AS window_start, kind, count(*) AS n, sum(amount) AS total
FROM big_orders
GROUP BY tumble(interval '30 seconds') AS window, kind;
