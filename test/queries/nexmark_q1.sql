-- Nexmark Q1 (currency conversion): bid prices in euros.
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '250', runtime = '20', seed = '7', out_of_order_group_size = '4');
CREATE TABLE nexmark_q1 WITH (connector = 'single_file', path = 'out/nexmark_q1.jsonl', format = 'json', type = 'sink');
INSERT INTO nexmark_q1
SELECT bid.auction, bid.bidder, 0.908 * bid.price AS price, bid.datetime FROM nexmark WHERE bid IS NOT NULL;
