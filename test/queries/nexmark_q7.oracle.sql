WITH bids AS (
  SELECT bid.auction AS auction, bid.price AS price, bid.bidder AS bidder, bid.datetime AS datetime
  FROM {{nexmark}} WHERE bid IS NOT NULL
), m AS (SELECT time_bucket(INTERVAL '2 seconds', datetime) AS ws, max(price) AS maxprice FROM bids GROUP BY ALL)
SELECT b.auction, b.price, b.bidder, b.datetime, m.ws + INTERVAL '2 seconds' AS window_end
FROM bids b JOIN m ON b.price = m.maxprice AND time_bucket(INTERVAL '2 seconds', b.datetime) = m.ws
