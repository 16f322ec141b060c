-- Clicks per page in one-minute tumbling windows, from a Kinesis stream to S3 (JSON lines).
-- Deploy it:  npx sluice synth examples/filesystem/kinesis-to-s3.sql   (then sluice deploy, docs/deploy.md)
-- The stream and the bucket are yours: sluice imports them by name and never creates or deletes
-- them. Output: s3://my-data-lake/page-counts/kinesis-to-s3/s2/<shard>/<epoch>.jsonl, one object
-- per committed epoch, exactly once.

CREATE TABLE clicks (
  user_id BIGINT,
  page TEXT,
  ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  connector = 'kinesis',
  stream_name = 'clicks',
  'source.offset' = 'latest',
  format = 'json',
  type = 'source',
  bad_data = 'drop'
);

CREATE TABLE page_counts WITH (
  connector = 'filesystem',
  path = 's3://my-data-lake/page-counts/',
  format = 'json',
  type = 'sink'
);

INSERT INTO page_counts
SELECT
  window.start AS window_start,
  window.end AS window_end,
  page,
  count(*) AS clicks
FROM clicks
GROUP BY tumble(interval '1 minute') AS window, page;
