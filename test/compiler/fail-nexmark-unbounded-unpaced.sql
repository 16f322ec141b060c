-- fail: table nexmark is missing the option runtime
-- expect-hint: runtime
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '100');
SELECT bid.price FROM nexmark WHERE bid IS NOT NULL;
