import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prefixes, selected } from './lib/report';

/**
 * `npm run bench [-- PREFIX...]`: runs every `bench/*.bench.ts` whose benchmarks match a prefix,
 * each in a process of its own (so one benchmark's memory, RxDB collection count and event loop
 * never weigh on the next), passing its JSON lines through on stdout and its logs on stderr.
 * A file names its benchmarks in `export const BENCHES = [...]`; the runner reads that list from
 * the source so it does not start a file that has nothing selected.
 */
const here = dirname(fileURLToPath(import.meta.url));
const wanted = prefixes();

function declaredBenches(source: string): string[] | null {
  const m = /export const BENCHES\s*=\s*\[([^\]]*)\]/.exec(source);
  if (!m) return null;
  return [...m[1]!.matchAll(/['"]([^'"]+)['"]/g)].map((x) => x[1]!);
}

async function runFile(file: string): Promise<number> {
  const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(here, file), ...wanted], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
let failed = 0;
for (const file of files) {
  const names = declaredBenches(await readFile(join(here, file), 'utf8'));
  if (names && !names.some((n) => selected(n, wanted))) continue;
  process.stderr.write(`# ${file}\n`);
  const code = await runFile(file);
  // A benchmark never fails on a number; a crash is reported, and the others still run.
  if (code !== 0) {
    failed += 1;
    process.stderr.write(`# ${file} exited with ${code}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
