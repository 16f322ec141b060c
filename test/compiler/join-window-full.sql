-- A windowed FULL JOIN of two aggregates of one table: both inputs shuffle into one edge stream.
-- stages: 5
-- expect: input  edge edge-s5 from s2, s4
-- expect: window_join full tumble(10 seconds) on (__k0) side __side
-- expect: output shuffle to edge-s5 by (__k0)
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
CREATE VIEW a AS SELECT tumble(interval '10 seconds') AS window, region, count(*) AS n FROM orders GROUP BY window, region;
CREATE VIEW b AS SELECT tumble(interval '10 seconds') AS window, region, sum(amount) AS s FROM orders GROUP BY window, region;
SELECT a.window.start AS ws, coalesce(a.region, b.region) AS region, a.n, b.s
FROM a FULL JOIN b ON a.window = b.window AND a.region = b.region;
