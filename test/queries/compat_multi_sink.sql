-- Arroyo's memory table and several INSERTs in one file: `big` (no connector) is written by one
-- INSERT and read by two queries; compat_multi_sink is written by two INSERTs (merged, as Arroyo
-- merges them), and compat_multi_sink_windows by a windowed aggregate over the memory table. The
-- test checks the second sink against DuckDB in the test (test/integration/golden-multi-sink.test.ts).
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE big (id BIGINT, uid TEXT, kind TEXT, amount BIGINT);

CREATE TABLE compat_multi_sink (id BIGINT, uid TEXT, kind TEXT, amount BIGINT, origin TEXT)
WITH (connector = 'single_file', path = 'out/compat_multi_sink.jsonl', format = 'json', type = 'sink');

CREATE TABLE compat_multi_sink_windows
WITH (connector = 'single_file', path = 'out/compat_multi_sink_windows.jsonl', format = 'json', type = 'sink');

INSERT INTO big SELECT id, uid, kind, amount AS big_amount FROM events WHERE amount > 500;

INSERT INTO compat_multi_sink SELECT id, uid, kind, amount, 'big' FROM big WHERE kind = 'view';

INSERT INTO compat_multi_sink_windows
SELECT window.start AS window_start, kind, count(*) AS n, sum(amount) AS total
FROM big
GROUP BY tumble(interval '30 seconds') AS window, kind;

INSERT INTO compat_multi_sink SELECT id, uid, kind, amount, 'small' AS origin FROM events WHERE amount < 0;
