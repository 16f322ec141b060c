-- A filesystem source is ingested like a file; a filesystem sink writes one object per committed epoch.
-- stages: 2
-- expect: objects under s3://lake/orders/ (JSON lines, in key order)
-- expect: sink totals: one object per committed epoch under s3://lake/out/, json
CREATE TABLE orders (region TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'filesystem', path = 's3://lake/orders/', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE totals WITH (connector = 'filesystem', path = 's3://lake/out/', format = 'json', type = 'sink');
INSERT INTO totals SELECT window.start AS ws, region, count(*) AS n FROM orders GROUP BY tumble(interval '1 minute') AS window, region;
