-- The scalar function library (string, math, conditional, time, JSON) against DuckDB's answers.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE breadth_scalar WITH (connector = 'single_file', path = 'out/breadth_scalar.jsonl', format = 'json', type = 'sink');

INSERT INTO breadth_scalar
SELECT id,
  ltrim(uid, 'u') AS s1, rtrim(uid, '0123456789') AS s2, replace(kind, 'i', 'I') AS s3,
  starts_with(uid, 'u0') AS s4, ends_with(kind, 'w') AS s5, strpos(kind, 'i') AS s6, left(uid, 2) AS s7,
  right(uid, -1) AS s8, lpad(kind, 6, '.') AS s9, rpad(kind, 3, '-') AS s10, reverse(kind) AS s11,
  split_part(payload, '"', 4) AS s12, regexp_replace(uid, '[0-9]', '#', 'g') AS s13, kind ~ '^(buy|cart)$' AS s14,
  regexp_like(uid, '7') AS s15, split(uid, '0') AS s16, trim('  x  ') AS s17,
  ceil(score) AS m1, floor(score) AS m2, sqrt(abs(amount)) AS m3, power(amount % 10, 2) AS m4,
  exp(amount / 1000.0) AS m5, ln(abs(amount) + 1) AS m6, log10(abs(amount) + 1) AS m7, sign(amount) AS m8,
  greatest(amount, 0, NULL) AS m9, least(score, 50.0) AS m10, mod(amount, 7) AS m11,
  nullif(kind, 'view') AS c1, if(flag, 'y', 'n') AS c2,
  date_trunc('minute', ts) AS t1, extract(second FROM ts) AS t2, date_part('millisecond', ts) AS t3,
  date_part('epoch', ts) AS t4, to_timestamp(id * 100) AS t5, date_diff('second', date_trunc('minute', ts), ts) AS t6,
  ts - INTERVAL '90' MINUTE AS t7, date_part('dow', ts) AS t8,
  json_get_str(payload, 'device') AS j1, json_get_int(payload, 'n') AS j2, json_get_float(payload, 'geo', 'lat') AS j3,
  json_get_bool(payload, 'geo', 'ok') AS j4, extract_json_string(payload, '$.geo') AS j5, cardinality(tags) AS j6
FROM events
WHERE id % 3 = 0;
