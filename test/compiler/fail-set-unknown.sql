-- fail: unknown setting updating_tll
-- at: 4:5
-- expect-hint: updating_ttl
SET updating_tll = INTERVAL '1 hour';
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '100', runtime = '10');
SELECT bid.price FROM nexmark WHERE bid IS NOT NULL;
