/**
 * The pipelines of the steady-rate cost benchmark (bench/steady-cost.ts), shared with the cost
 * model's calibration test (test/unit/infra/cost-calibration.test.ts): a paced Nexmark source at
 * `rate` events/s for `seconds`, into a JSON-lines file sink.
 */

export const STEADY_QUERIES = ['filter', 'tumble', 'join'] as const;
export type SteadyQuery = (typeof STEADY_QUERIES)[number];

export const STEADY_LABELS: Record<SteadyQuery, string> = {
  filter: 'filter (Nexmark q2)',
  tumble: 'tumbling count/max per auction, 10 s',
  join: 'join auctions × sellers (Nexmark q3)',
};

const source = (rate: number, seconds: number) =>
  `CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '${rate}', runtime = '${seconds}', pace = 'event_rate');`;
const sink = (table: string, path: string) =>
  `CREATE TABLE ${table} WITH (connector = 'single_file', path = '${path}', format = 'json', type = 'sink');`;

/** The SQL of one benchmark point. */
export function steadySql(query: SteadyQuery, rate: number, seconds: number, out: string): string {
  switch (query) {
    case 'filter':
      return `${source(rate, seconds)}
${sink('out', out)}
INSERT INTO out SELECT bid.auction, bid.price FROM nexmark WHERE bid IS NOT NULL AND bid.auction % 123 = 0;`;
    case 'tumble':
      return `${source(rate, seconds)}
${sink('out', out)}
INSERT INTO out
SELECT window.start AS ws, bid.auction AS auction, count(*) AS n, max(bid.price) AS hi
FROM nexmark WHERE bid IS NOT NULL GROUP BY tumble(interval '10 seconds') AS window, bid.auction;`;
    case 'join':
      return `${source(rate, seconds)}
${sink('out', out)}
CREATE VIEW auction AS
SELECT auction.id AS id, auction.seller AS seller, auction.category AS category FROM nexmark WHERE auction IS NOT NULL;
CREATE VIEW person AS
SELECT person.id AS id, person.name AS name, person.city AS city, person.state AS state FROM nexmark WHERE person IS NOT NULL;
INSERT INTO out
SELECT P.name, P.city, P.state, A.id
FROM auction AS A JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');`;
    default: {
      const never: never = query;
      throw new Error(`unknown query ${String(never)}`);
    }
  }
}
