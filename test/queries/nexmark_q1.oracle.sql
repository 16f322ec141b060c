SELECT bid.auction AS auction, bid.bidder AS bidder, CAST(0.908 AS DOUBLE) * bid.price AS price,
  bid.datetime AS datetime
FROM {{nexmark}} WHERE bid IS NOT NULL
