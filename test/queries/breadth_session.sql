-- Session windows (gap 5 s) per uid: a session is [first event, last event + 5 s); events at
-- least 5 s apart (in event time) start a new session, and late events merge sessions they bridge.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, score DOUBLE, flag BOOLEAN, tags TEXT[], payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE breadth_session WITH (connector = 'single_file', path = 'out/breadth_session.jsonl', format = 'json', type = 'sink');

INSERT INTO breadth_session
SELECT uid, window.start AS session_start, window.end AS session_end, count(*) AS n, sum(amount) AS total,
  first_value(kind) AS first_kind, last_value(kind) AS last_kind, array_agg(id) AS ids
FROM events
GROUP BY session(interval '5 seconds') AS window, uid;
