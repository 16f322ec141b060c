-- fail: the nexmark source has a fixed schema
-- at: 3:23
CREATE TABLE nexmark (id BIGINT) WITH (connector = 'nexmark', event_rate = '100', runtime = '10');
SELECT bid.price FROM nexmark WHERE bid IS NOT NULL;
