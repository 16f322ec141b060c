-- udf: ../queries/udf-modules/pair-aggregates.ts
-- fail: aggregate UDF max_product() takes exactly 2 arguments
-- at: 5:8
CREATE TABLE events (id BIGINT, amount BIGINT) WITH (connector = 'single_file', path = 'in.jsonl', format = 'json', type = 'source');
SELECT max_product(amount) AS m FROM events GROUP BY tumble(interval '1' minute);
