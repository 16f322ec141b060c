-- Nexmark Q7 (highest bid): each bid joined with the highest price of its 2-second window (a stream
-- joined with a windowed aggregate of itself: the bid falls into the window of its event time).
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '250', runtime = '20', seed = '7', out_of_order_group_size = '4');
CREATE TABLE nexmark_q7 WITH (connector = 'single_file', path = 'out/nexmark_q7.jsonl', format = 'json', type = 'sink');
CREATE VIEW bids AS
SELECT bid.auction AS auction, bid.price AS price, bid.bidder AS bidder, bid.datetime AS datetime
FROM nexmark WHERE bid IS NOT NULL;
CREATE VIEW maxprice AS
SELECT tumble(interval '2 seconds') AS window, max(price) AS maxprice FROM bids GROUP BY window;
INSERT INTO nexmark_q7
SELECT B.auction, B.price, B.bidder, B.datetime, M.window.end AS window_end
FROM bids B JOIN maxprice M ON B.price = M.maxprice;
