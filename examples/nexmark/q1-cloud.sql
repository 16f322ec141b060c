-- Nexmark Q1 for the cloud: the generator runs as the pipeline's ingest function (a scheduled
-- Lambda that resumes from its committed position), and the euros go to your Kinesis stream.
--   npx sluice synth examples/nexmark/q1-cloud.sql
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '1000', runtime = '30', out_of_order_group_size = '4');
CREATE TABLE nexmark_q1 WITH (connector = 'kinesis', stream_name = 'nexmark-q1-out', format = 'json', type = 'sink');
INSERT INTO nexmark_q1
SELECT bid.auction, bid.bidder, 0.908 * bid.price AS price, bid.datetime FROM nexmark WHERE bid IS NOT NULL;
