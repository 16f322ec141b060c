import { describeRescaleGolden } from '../support/rescale-golden.ts';

// Fault-free over all 12,000 orders, and under a chaos schedule over the first 2,000 (a short
// slice: npm run test:chaos runs more seeds over all of them).
describeRescaleGolden([
  { name: 'fault-free' },
  { name: 'under --chaos 11, 2,000 rows', seed: 11, rows: 2000 },
]);
