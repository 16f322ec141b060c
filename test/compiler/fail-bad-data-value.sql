-- fail: invalid bad_data 'skip'
CREATE TABLE t (a BIGINT) WITH (connector = 'single_file', path = 'a', type = 'source', bad_data = 'skip');
SELECT a FROM t;
