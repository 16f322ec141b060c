-- Arroyo's (DataFusion's) digest functions: md5 and sha256 of text (as in Arroyo's
-- sha256(cast(counter as TEXT))), written as lowercase hex, NULL for a NULL argument.
CREATE TABLE events (
  id BIGINT, uid TEXT, kind TEXT, amount BIGINT, payload TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '4' SECOND
) WITH (connector = 'single_file', path = 'inputs/events.jsonl', format = 'json', type = 'source');

CREATE TABLE compat_crypto WITH (connector = 'single_file', path = 'out/compat_crypto.jsonl', format = 'json', type = 'sink');

INSERT INTO compat_crypto
SELECT id, md5(uid) AS uid_md5, sha256(CAST(amount AS TEXT)) AS amount_sha256, sha256(payload) AS payload_sha256
FROM events
WHERE id % 10 = 0;
