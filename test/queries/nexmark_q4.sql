-- Nexmark Q4 (average price per category), windowed: bids joined with their auction while it is
-- open (updating join), the winning bid per auction and 2-second window, then the average per category.
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '250', runtime = '20', seed = '7', out_of_order_group_size = '4');
CREATE TABLE nexmark_q4 WITH (connector = 'single_file', path = 'out/nexmark_q4.jsonl', format = 'json', type = 'sink');
CREATE VIEW auctions AS
SELECT auction.id AS id, auction.category AS category, auction.datetime AS opened, auction.expires AS expires
FROM nexmark WHERE auction IS NOT NULL;
CREATE VIEW bids AS
SELECT bid.auction AS auction, bid.price AS price, bid.datetime AS placed FROM nexmark WHERE bid IS NOT NULL;
CREATE VIEW winning AS
SELECT tumble(interval '2 seconds') AS window, A.id AS id, A.category AS category, max(B.price) AS final
FROM auctions A JOIN bids B ON A.id = B.auction AND B.placed >= A.opened AND B.placed <= A.expires
GROUP BY window, A.id, A.category;
INSERT INTO nexmark_q4
SELECT w.start AS window_start, category, avg(final) AS avg_price
FROM winning GROUP BY tumble(interval '2 seconds') AS w, category;
