import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
for (const q of process.argv.slice(2)) {
  try { const r = await c.runAndReadAll(q); console.log(q, '=>', JSON.stringify(r.getRowObjects(), (k,v)=>typeof v==='bigint'?Number(v):v), r.columnTypes().map(t=>t.toString())); }
  catch (e) { console.log(q, 'ERR', e.message); }
}
