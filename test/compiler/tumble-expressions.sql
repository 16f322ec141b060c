-- Expressions over keys and aggregates, key expressions, event_time_field without WATERMARK.
-- stages: 2
-- expect: upper(url) AS k0
-- expect: sum(user_id) AS agg1
-- expect: agg1 / n AS per_click
-- expect: event time ts (no delay)
CREATE TABLE clicks (user_id BIGINT, url TEXT, ts TIMESTAMP)
WITH (connector = 'single_file', path = 'data/clicks.jsonl', format = 'json', type = 'source', event_time_field = 'ts');
SELECT window.end AS we, upper(url) AS u, count(*) AS n, sum(user_id) / count(*) AS per_click
FROM clicks GROUP BY tumble(interval '500 ms') AS window, upper(url);
