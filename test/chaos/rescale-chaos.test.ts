import { describeRescaleGolden } from '../support/rescale-golden.ts';

// npm run test:chaos: live rescales 2 → 3 → 2 under three chaos schedules, all 12,000 orders.
describeRescaleGolden([21, 22, 23].map((seed) => ({ name: `under --chaos ${seed}`, seed })));
