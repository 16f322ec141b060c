-- Nexmark Q5 (hot items), with tumbling windows: the auctions with the most bids per 2-second
-- window: bid counts joined back with the maximum count of the same window.
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '250', runtime = '20', seed = '7', out_of_order_group_size = '4');
CREATE TABLE nexmark_q5 WITH (connector = 'single_file', path = 'out/nexmark_q5.jsonl', format = 'json', type = 'sink');
CREATE VIEW counts AS
SELECT tumble(interval '2 seconds') AS window, bid.auction AS auction, count(*) AS num
FROM nexmark WHERE bid IS NOT NULL GROUP BY window, bid.auction;
CREATE VIEW maxes AS
SELECT tumble(interval '2 seconds') AS w, max(num) AS maxn FROM counts GROUP BY w;
INSERT INTO nexmark_q5
SELECT c.window.start AS window_start, c.auction, c.num
FROM counts c JOIN maxes m ON c.window = m.w AND c.num = m.maxn;
