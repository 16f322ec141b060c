-- Arroyo's impulse source: counter and subtask_index, event time from the event number; without
-- message_count it is unbounded and paced.
-- expect: impulse generator (9007199254740991 events at 10/s, seed 0, paced)
-- expect: event time _timestamp (no delay)
-- expect: schema n int not null
create table impulse with (connector = 'impulse', event_rate = '10');
select count(*) AS n from impulse group by hop(interval '10 seconds', interval '10 seconds');
