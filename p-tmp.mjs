import { init, parse } from '@guanmingchiu/sqlparser-ts';
await init();
const sql = process.argv[2];
console.log(JSON.stringify(parse(sql, 'generic'), (k,v)=> k==='span'?undefined:v));
