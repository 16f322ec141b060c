-- fail: a nexmark source without runtime runs forever and cannot use pace = 'none'
-- at: 4:71
-- expect-hint: runtime
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '100', pace = 'none');
SELECT bid.price FROM nexmark WHERE bid IS NOT NULL;
