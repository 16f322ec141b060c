-- Nexmark Q8 (monitor new users): people who opened an auction in the 2-second window they joined in.
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '250', runtime = '20', seed = '7', out_of_order_group_size = '4');
CREATE TABLE nexmark_q8 WITH (connector = 'single_file', path = 'out/nexmark_q8.jsonl', format = 'json', type = 'sink');
CREATE VIEW new_people AS
SELECT tumble(interval '2 seconds') AS window, person.id AS id, person.name AS name
FROM nexmark WHERE person IS NOT NULL GROUP BY window, person.id, person.name;
CREATE VIEW sellers AS
SELECT tumble(interval '2 seconds') AS window, auction.seller AS seller
FROM nexmark WHERE auction IS NOT NULL GROUP BY window, auction.seller;
INSERT INTO nexmark_q8
SELECT P.id, P.name, P.window.start AS starttime
FROM new_people P JOIN sellers A ON P.id = A.seller AND P.window = A.window;
