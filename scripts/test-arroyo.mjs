#!/usr/bin/env node
// npm run test:arroyo: runs Arroyo's own test corpus (kept outside the project, in
// ../shared/arroyo-compat or $SLUICE_ARROYO_COMPAT) against this checkout and prints both scores:
// the planner check (compile or refuse, as Arroyo does) and the smoke tests (run at parallelism 2,
// output compared with Arroyo's golden files). Extra arguments go to the smoke runner (query names,
// --timeout S, --parallelism N). Exit code 0 when both runners finished, whatever the scores.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(process.env.SLUICE_ARROYO_COMPAT ?? join(root, '..', 'shared', 'arroyo-compat'));
if (!existsSync(join(corpus, 'smoke', 'run.mjs')) || !existsSync(join(corpus, 'planner', 'check.mjs'))) {
  console.error(
    `error: Arroyo's test corpus not found at ${corpus}\n` +
      '  hint: set SLUICE_ARROYO_COMPAT to the folder that holds smoke/run.mjs and planner/check.mjs',
  );
  process.exit(2);
}

function run(label, script, args) {
  console.error(`• ${label}`);
  const r = spawnSync(process.execPath, [script, root, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(r.stdout ?? '');
  const last = (r.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (r.status === null) {
    console.error(`error: ${label} was killed (${r.signal})`);
    process.exit(1);
  }
  return last;
}

const planner = run('Arroyo planner queries (compile only)', join(corpus, 'planner', 'check.mjs'), []);
const smoke = run(
  'Arroyo smoke queries (sluice run --parallelism 2)',
  join(corpus, 'smoke', 'run.mjs'),
  process.argv.slice(2),
);
console.log('');
console.log(planner);
console.log(smoke);
