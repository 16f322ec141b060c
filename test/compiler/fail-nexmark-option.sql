-- fail: unknown option events_per_second for a nexmark source
-- expect-hint: event_rate
CREATE TABLE nexmark WITH (connector = 'nexmark', events_per_second = '100', runtime = '10');
SELECT bid.price FROM nexmark WHERE bid IS NOT NULL;
