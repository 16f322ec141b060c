SELECT bid.auction AS auction, bid.bidder AS bidder, bid.price AS price, bid.channel AS channel,
  bid.url AS url, bid.datetime AS datetime
FROM {{nexmark}} WHERE bid IS NOT NULL
