CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'data/orders.jsonl', format = 'json', type = 'source');
CREATE VIEW per_region AS SELECT region, count(*) AS n, hop(interval '10 seconds', interval '1 minute') AS window FROM orders GROUP BY region, window;
CREATE VIEW top AS SELECT max(p.n) AS top, p.window FROM per_region AS p GROUP BY p.window;
CREATE VIEW by_size AS SELECT p.n, count(*) AS regions, p.window.start AS ws FROM per_region AS p GROUP BY p.n, p.window;
CREATE VIEW daily AS SELECT window, count(*) AS regions FROM (SELECT region, tumble(interval '1 day') AS window FROM orders GROUP BY region, window) GROUP BY window;
SELECT r.region, r.n, t.top, t.window.start FROM per_region AS r JOIN top AS t ON r.window = t.window AND r.n >= t.top;
