WITH p AS (
  SELECT DISTINCT time_bucket(INTERVAL '2 seconds', person.datetime) AS ws, person.id AS id, person.name AS name
  FROM {{nexmark}} WHERE person IS NOT NULL
), a AS (
  SELECT DISTINCT time_bucket(INTERVAL '2 seconds', auction.datetime) AS ws, auction.seller AS seller
  FROM {{nexmark}} WHERE auction IS NOT NULL
)
SELECT p.id, p.name, p.ws AS starttime FROM p JOIN a ON p.id = a.seller AND p.ws = a.ws
