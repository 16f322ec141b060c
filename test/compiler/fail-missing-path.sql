-- fail: table t is missing the option path
-- at: 3:14
CREATE TABLE t (a BIGINT) WITH (connector = 'single_file', type = 'source');
SELECT a FROM t;
