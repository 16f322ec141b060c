WITH a AS (
  SELECT auction.id AS id, auction.category AS category, auction.datetime AS opened, auction.expires AS expires
  FROM {{nexmark}} WHERE auction IS NOT NULL
), b AS (
  SELECT bid.auction AS auction, bid.price AS price, bid.datetime AS placed FROM {{nexmark}} WHERE bid IS NOT NULL
), winning AS (
  SELECT time_bucket(INTERVAL '2 seconds', greatest(a.opened, b.placed)) AS ws, a.id, a.category, max(b.price) AS final
  FROM a JOIN b ON a.id = b.auction AND b.placed >= a.opened AND b.placed <= a.expires
  GROUP BY ALL
)
SELECT ws AS window_start, category, avg(final) AS avg_price FROM winning GROUP BY ALL
