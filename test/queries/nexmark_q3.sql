-- Nexmark Q3 (local item suggestion): an updating join of auctions in category 10 with their
-- sellers from OR, ID or CA (state TTL: Arroyo's default of 24 hours).
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '250', runtime = '20', seed = '7', out_of_order_group_size = '4');
CREATE TABLE nexmark_q3 WITH (connector = 'single_file', path = 'out/nexmark_q3.jsonl', format = 'json', type = 'sink');
CREATE VIEW auction AS
SELECT auction.id AS id, auction.seller AS seller, auction.category AS category FROM nexmark WHERE auction IS NOT NULL;
CREATE VIEW person AS
SELECT person.id AS id, person.name AS name, person.city AS city, person.state AS state FROM nexmark WHERE person IS NOT NULL;
INSERT INTO nexmark_q3
SELECT P.name, P.city, P.state, A.id
FROM auction AS A JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');
