import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** Lints `code` as if it were the file at `path`, and returns the rule ids it broke. */
async function broken(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

// The import layers of CONVENTIONS.md, checked against the real lint configuration.
describe('import layers', () => {
  it.each([
    ['src/shared/x.ts', "import { startServer } from '../server/server';\nexport const x = startServer;\n"],
    ['src/renderer/x.ts', "import { startServer } from '../server/server';\nexport const x = startServer;\n"],
    ['src/device/x.ts', "import { buildApp } from '../server/app';\nexport const x = buildApp;\n"],
    ['src/server/x.ts', "import * as m from '../main/console';\nexport const x = m;\n"],
  ])('%s may not import across layers', async (path, code) => {
    expect(await broken(path, code)).toContain('boundaries/dependencies');
  });

  it.each([
    ['src/server/x.ts', "import { can } from '../shared/permissions';\nexport const x = can;\n"],
    ['src/renderer/x.ts', "import { can } from '../shared/permissions';\nexport const x = can;\n"],
  ])('%s may import shared', async (path, code) => {
    expect(await broken(path, code)).toEqual([]);
  });

  it('shared may not use Node built-ins', async () => {
    expect(await broken('src/shared/x.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('only main and preload may import electron', async () => {
    expect(await broken('src/server/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await broken('src/device/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
  });
});
