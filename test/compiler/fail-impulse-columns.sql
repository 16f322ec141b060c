-- fail: invalid schema for impulse source: its columns are counter, subtask_index
-- at: 4:23
-- expect-hint: remove the column list
CREATE TABLE impulse (n BIGINT) WITH (connector = 'impulse', event_rate = '10', message_count = '5');
SELECT n FROM impulse;
