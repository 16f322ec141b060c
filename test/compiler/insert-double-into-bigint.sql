-- INSERT of a DOUBLE into a BIGINT sink column casts as Arroyo (DataFusion) does on insert:
-- truncating toward zero (49.5 → 49), not sluice's rounding CAST.
-- expect: CAST(trunc(avg_amount) AS BIGINT)
CREATE TABLE events (amount BIGINT, ts TIMESTAMP, WATERMARK FOR ts)
WITH (connector = 'single_file', path = 'in.jsonl', format = 'json', type = 'source');
CREATE TABLE out (avg_amount BIGINT) WITH (connector = 'single_file', path = 'out.jsonl', format = 'json', type = 'sink');
INSERT INTO out SELECT avg(amount) AS avg_amount FROM events GROUP BY tumble(interval '1' minute);
