-- fail: invalid pace 'fast'
-- expect-hint: event_rate
-- at: 4:87
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '100', runtime = '10', pace = 'fast');
SELECT bid.price FROM nexmark WHERE bid IS NOT NULL;
