-- Clicks per page in one-minute tumbling windows, from a Kinesis stream to a Kinesis stream.
-- Deploy it:  npx sluice deploy examples/kinesis-tumble.sql   (docs/deploy.md)
-- Both streams are yours: sluice imports them by name and never creates or deletes them.

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
  connector = 'kinesis',
  stream_name = 'page-counts',
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
