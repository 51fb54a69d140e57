// Type-check the dashboard's JSDoc-annotated modules with TypeScript (checkJs), so the
// JSDoc on the exports stays true. The worker is left out: it imports the generated
// pkg/readylens.js, which exists only after a wasm-pack build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

test('www/js type-checks with checkJs', { skip: !fs.existsSync(TSC) && 'typescript is not installed (npm ci)' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readylens-dashboard-tsc-'));
  try {
    const files = fs.readdirSync(path.join(ROOT, 'www/js'))
      .filter((f) => f.endsWith('.js') && f !== 'analysis-worker.js')
      .map((f) => path.join(ROOT, 'www/js', f));
    const config = {
      compilerOptions: {
        allowJs: true, checkJs: true, noEmit: true, target: 'es2022', module: 'es2022',
        moduleResolution: 'bundler', lib: ['es2022', 'dom', 'dom.iterable'], skipLibCheck: true,
      },
      files,
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    let out = '';
    try {
      execFileSync(process.execPath, [TSC, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (e) {
      out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    assert.equal(out, '', out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
