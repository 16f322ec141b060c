SELECT person.name AS name, person.city AS city, person.state AS state, auction.id AS id
FROM (SELECT auction FROM {{nexmark}} WHERE auction IS NOT NULL) A
JOIN (SELECT person FROM {{nexmark}} WHERE person IS NOT NULL) P ON A.auction.seller = P.person.id
WHERE A.auction.category = 10 AND P.person.state IN ('OR', 'ID', 'CA')
