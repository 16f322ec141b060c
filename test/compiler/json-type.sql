-- Arroyo's JSON type and its operators: -> (the value as JSON text) and ->> (a string as is),
-- chained, with names and indexes; DATETIME is TIMESTAMP.
-- expect: json_as_text(json_get(properties, 'geo'), 'lat')
-- expect: json_as_text(properties, 0)
-- expect: schema id int, lat string, first string, at timestamp
CREATE TABLE events (id BIGINT, properties JSON, at DATETIME)
WITH (connector = 'single_file', path = 'in.jsonl', format = 'json', type = 'source');
SELECT id, properties -> 'geo' ->> 'lat' AS lat, properties ->> 0 AS first, at FROM events;
