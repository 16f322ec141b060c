-- The nexmark source: Arroyo's struct columns read as bid.price; the watermark covers its disorder.
-- stages: 1
-- expect: nexmark generator (1000 events at 100/s, seed 1)
-- expect: event time _timestamp - 3010 ms
-- expect: filter bid IS NOT NULL
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '100', runtime = '10');
SELECT bid.auction, bid.price FROM nexmark WHERE bid IS NOT NULL;
