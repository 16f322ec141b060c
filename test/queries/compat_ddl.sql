-- Arroyo's DDL and CTEs: UNSIGNED, NOT NULL and PRIMARY KEY columns, a parenthesised watermark, and a
-- WITH query. Under bad_data = 'drop' a negative amount (INT UNSIGNED) or a NULL score (NOT NULL)
-- is dead-lettered, so the answer is the oracle's over the rows that satisfy both.
CREATE TABLE events (
  id BIGINT UNSIGNED PRIMARY KEY, uid TEXT NOT NULL, kind TEXT, amount INT UNSIGNED, score DOUBLE NOT NULL,
  flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP NOT NULL,
  WATERMARK FOR ts AS (ts - INTERVAL '4' SECOND)
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source', bad_data = 'drop');

CREATE TABLE compat_ddl WITH (connector = 'single_file', path = 'out/compat_ddl.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_ddl
WITH bought AS (SELECT kind, amount, score, ts FROM events WHERE kind <> 'view'),
     per_window AS (
       SELECT window, kind, count(*) AS n, sum(amount) AS total, max(score) AS best
       FROM bought GROUP BY tumble(interval '20 seconds') AS window, kind)
SELECT p.window.start AS window_start, p.kind, p.n, p.total, p.best
FROM per_window AS p
WHERE p.n > 5;
