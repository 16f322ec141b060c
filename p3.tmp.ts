import { parseRaw } from './compiler/parse/sqlparser.ts';
try { parseRaw("SELECT a FROM\n  t WHERE"); } catch (e) { console.log((e as Error).message); }
try { parseRaw("SELECT (a FROM t"); } catch (e) { console.log((e as Error).message); }
try { parseRaw("SELECT a FROM t GROUP BY x HAVING"); } catch (e) { console.log((e as Error).message); }
