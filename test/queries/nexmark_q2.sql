-- Nexmark Q2 (selection): bids on every 123rd auction.
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '250', runtime = '20', seed = '7', out_of_order_group_size = '4');
CREATE TABLE nexmark_q2 WITH (connector = 'single_file', path = 'out/nexmark_q2.jsonl', format = 'json', type = 'sink');
INSERT INTO nexmark_q2
SELECT bid.auction, bid.price FROM nexmark WHERE bid IS NOT NULL AND bid.auction % 123 = 0;
