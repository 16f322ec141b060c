-- A nexmark table without runtime is unbounded, as Arroyo's, and paced at event_rate.
-- expect: nexmark
-- expect: paced
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '100');
SELECT bid.price FROM nexmark WHERE bid IS NOT NULL;
