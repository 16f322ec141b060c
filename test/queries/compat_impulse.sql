-- Arroyo's impulse source: 1,000 events (message_count), 100 per second of event time, counted
-- per 1-second tumbling window with their counters; event n is at 2024-01-01T00:00:00Z + n × 10 ms.
CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100', message_count = '1000');

CREATE TABLE compat_impulse WITH (connector = 'single_file', path = 'out/compat_impulse.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_impulse
SELECT window.start AS window_start, count(*) AS n, sum(counter) AS total, max(counter) AS last,
  bit_or(subtask_index) AS subtasks
FROM impulse
GROUP BY tumble(interval '1 second') AS window;
