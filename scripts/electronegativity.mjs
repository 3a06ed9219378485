#!/usr/bin/env node
/* global process, console -- a Node script */
// Electronegativity over both Electron apps; exits 1 on any HIGH finding (CI runs it after the build).
//
// Run through its API rather than its CLI: the CLI requires `commander` without declaring it (it
// works only when another package happens to hoist one), and it fetches translations and Electron's
// release list from the network. Here the bundled English strings are loaded from disk, the
// release-list check (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK, which needs the network) is left out —
// the Electron version is kept current through npm instead — and nothing leaves the machine.
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const runnerPath = require.resolve('@doyensec/electronegativity');
const i18n = createRequire(runnerPath)('i18n');
const localesModule = join(dirname(runnerPath), 'locales', 'i18n.js');
// The runner awaits this module's function before scanning; ours sets up the local strings only.
require.cache[localesModule] = {
  id: localesModule,
  filename: localesModule,
  loaded: true,
  exports: async () =>
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(localesModule),
      updateFiles: false,
      objectNotation: true,
      register: globalThis,
    }),
};
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;

// What is scanned: the built main processes and preload (the code that creates windows and
// exposes IPC) and the renderers' HTML (CSP); the bundled React code has nothing Electron-specific.
// Other paths (relative to the repository) can be given as arguments.
const inputs = process.argv.length > 2 ? process.argv.slice(2) : ['out/main', 'out/preload', 'src/renderer/tray/index.html', 'src/renderer/console/index.html'];
for (const input of inputs) {
  if (!existsSync(join(root, input))) {
    console.error(`security:electron: ${input} is missing; run \`npm run build:electron\` first.`);
    process.exit(2);
  }
}

// One scan over all of it, so the global checks (navigation limits, permission handler, CSP) see
// the main process and the pages together, as they run.
const staging = mkdtempSync(join(tmpdir(), 'tandem-electronegativity-'));
for (const input of inputs) cpSync(join(root, input), join(staging, input), { recursive: true });

let high = 0;
try {
  const result = await run(
    {
      input: staging,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: false,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  for (const error of result.errors) console.warn(`  could not parse ${relative(staging, error.file)}: ${error.message}`);
  for (const issue of result.issues) {
    const where = issue.file === 'N/A' ? '(whole app)' : `${relative(staging, issue.file)}:${issue.location.line}:${issue.location.column}`;
    const severity = issue.severity.name;
    if (severity === 'HIGH') high++;
    console.log(`${severity.padEnd(13)} ${issue.confidence.name.padEnd(10)} ${issue.id.padEnd(40)} ${where}`);
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
if (high > 0) {
  console.error(`security:electron: ${high} HIGH finding(s). Fix them, or review and mark a false positive inline (/* eng-disable CHECK_ID */) saying why.`);
  process.exit(1);
}
console.log('security:electron: no HIGH findings.');
