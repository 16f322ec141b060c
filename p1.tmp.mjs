import { init, parse } from '@guanmingchiu/sqlparser-ts';
await init();
const d = process.env.D || 'generic';
function compact(v) {
  if (Array.isArray(v)) return v.map(compact);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'span') { o['@'] = `${x.start.line}:${x.start.column}-${x.end.line}:${x.end.column}`; continue; }
      if (x === false || (Array.isArray(x) && x.length === 0)) continue;
      o[k] = compact(x);
    }
    return o;
  }
  return v;
}
for (const s of process.argv.slice(2)) {
  try { console.log(JSON.stringify(compact(parse(s, d)))); } catch (e) { console.log('ERR', e.message, e.location); }
}
