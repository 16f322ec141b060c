#!/usr/bin/env node
// The npm registry reachable from sluice's build machines mirrors only Linux builds of packages
// that ship per-platform binaries (@biomejs/cli-*, @duckdb/node-bindings-*, @esbuild/*, …). `npm
// install` there writes a package-lock.json without the other platforms' optional entries, and
// `npm ci` then refuses the lockfile as out of sync. This script adds the missing optional entries
// with their os/cpu/libc fields, so npm ci skips them on Linux (it never fetches a package whose
// platform does not match) and the lockfile stays valid everywhere.
// Run it after every `npm install`: `npm run lock:stubs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;

function platformOf(name) {
  const base = name.split('/').pop();
  const os = [
    'darwin',
    'win32',
    'linux',
    'android',
    'freebsd',
    'openbsd',
    'netbsd',
    'sunos',
    'aix',
    'openharmony',
  ].find((o) => base.includes(o));
  const cpu = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'].find((c) =>
    base.split('-').includes(c),
  );
  const libc = base.includes('musl') ? ['musl'] : undefined;
  return { os, cpu, libc };
}

for (const [key, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies;
  if (!optional || key === '') continue;
  const parentDir = key.slice(0, key.lastIndexOf('node_modules/'));
  for (const [dep, version] of Object.entries(optional)) {
    const nested = `${key}/node_modules/${dep}`;
    const hoisted = `${parentDir}node_modules/${dep}`;
    if (packages[nested] || packages[hoisted] || packages[`node_modules/${dep}`]) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os || !cpu) continue; // not a platform package: leave it for npm to resolve
    packages[`node_modules/${dep}`] = {
      version,
      cpu: [cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(libc ? { libc } : {}),
      optional: true,
      os: [os],
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock:stubs: added ${added} optional platform entries`);
