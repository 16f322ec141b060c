-- Nexmark Q0 (passthrough): every bid. The generator options equal scripts/gen-nexmark.ts defaults.
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '250', runtime = '20', seed = '7', out_of_order_group_size = '4');
CREATE TABLE nexmark_q0 WITH (connector = 'single_file', path = 'out/nexmark_q0.jsonl', format = 'json', type = 'sink');
INSERT INTO nexmark_q0
SELECT bid.auction, bid.bidder, bid.price, bid.channel, bid.url, bid.datetime FROM nexmark WHERE bid IS NOT NULL;
