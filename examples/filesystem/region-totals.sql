-- Revenue per region in one-minute tumbling windows, read from and written to S3 (JSON lines).
-- Run it on the embedded local stack, which serves the folder s3/ as S3 (bucket `lake`):
--   npx sluice run examples/filesystem/region-totals.sql --s3-dir examples/filesystem/s3
-- Input:   s3://lake/orders/part-0000.jsonl … part-0002.jsonl (501 orders, 1 malformed), in key order
-- Output:  s3://lake/out/region-totals/s2/<shard>/<epoch>.jsonl, one object per
--          committed epoch (examples/filesystem/s3/lake/out/… on disk)

CREATE TABLE orders (
  order_id BIGINT,
  customer TEXT,
  region TEXT,
  amount DOUBLE,
  status TEXT,
  ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  connector = 'filesystem',
  path = 's3://lake/orders/',
  format = 'json',
  type = 'source',
  -- The malformed line goes to the dead-letter store instead of stopping the pipeline.
  bad_data = 'drop'
);

CREATE TABLE region_totals WITH (
  connector = 'filesystem',
  path = 's3://lake/out/',
  format = 'json',
  type = 'sink'
);

INSERT INTO region_totals
SELECT
  window.start AS window_start,
  window.end AS window_end,
  region,
  count(*) AS orders,
  sum(amount) AS revenue
FROM orders
WHERE status <> 'cancelled'
GROUP BY tumble(interval '1 minute') AS window, region;
