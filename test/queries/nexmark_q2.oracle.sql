SELECT bid.auction AS auction, bid.price AS price FROM {{nexmark}}
WHERE bid IS NOT NULL AND bid.auction % 123 = 0
