import { init, parse } from '@guanmingchiu/sqlparser-ts';
import util from 'node:util';
await init();
const r = parse(process.argv[2], process.env.D || 'generic');
console.log(util.inspect(r[0].Query.body.Select.projection.map(p => p.UnnamedExpr.Cast.data_type), {depth: 10}));
console.log(r[0].Query.body.Select.projection[0].UnnamedExpr.Cast.data_type instanceof Map);
