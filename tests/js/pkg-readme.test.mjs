// The package README's examples, run as written: js/README.md is the README published in
// pkg/ (scripts/build-pkg.mjs copies it), and every fenced example in it is tagged with
// how it runs:
//   ```js node id=…        run here in Node, in a project that installed the package
//   ```sh cli id=…         run here with bash (npx finds the installed package's command)
//   ```sh install          `npm install readylens`: here the package is packed with
//                          `npm pack` and installed from the tarball (offline)
//   ```html browser id=…, ```js bundler id=…, ```js worker file=…
//                          run in headless Chromium by tests/e2e/pkg-element.test.mjs
// An untagged or unknown example fails this test, so nothing in the README goes unrun.
//
// The examples read files by generic names; here they are real exports copied in the
// repository: backlog.csv = www/samples/mesos-sample.csv (40 Apache Mesos issues of the
// Deep-SE data set, Choetkiertikul et al., IEEE TSE 2018), stories.txt =
// www/samples/g03-loudoun.txt (Dalpiaz, doi:10.17632/7zbk8zsd8y.1, CC BY 4.0), rice.csv =
// www/samples/mesos-rice.csv (Mesos issues with made-up RICE fields, see
// www/samples/README.md), seamonkey.csv = tests/fixtures/hygiene/seamonkey_sample.csv
// (GitBugs, Patil & Jadon, I2CT 2023, CC BY 4.0; labelled pairs in seamonkey_pairs.csv).
//
// Needs pkg/ built (wasm-pack, then node scripts/build-pkg.mjs), and npm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'js/README.md'), 'utf8');
const DATA = {
  'backlog.csv': 'www/samples/mesos-sample.csv',
  'stories.txt': 'www/samples/g03-loudoun.txt',
  'rice.csv': 'www/samples/mesos-rice.csv',
  'seamonkey.csv': 'tests/fixtures/hygiene/seamonkey_sample.csv',
};
const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const PAIRS = read('tests/fixtures/hygiene/seamonkey_pairs.csv').trim().split('\n').slice(1).map((l) => l.trim().split(','));

/**
 * The fenced code blocks of a Markdown text: `{lang, tag, attrs, code, line}`.
 * @param {string} md
 */
function codeBlocks(md) {
  const blocks = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [lang = '', tag = '', ...rest] = open[1].trim().split(/\s+/);
    const attrs = Object.fromEntries(rest.map((kv) => kv.split('=')));
    const start = i;
    const body = [];
    for (i += 1; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    blocks.push({ lang, tag, attrs, code: `${body.join('\n')}\n`, line: start + 1 });
  }
  return blocks;
}

/** A minimal CSV reader (quoted fields with commas, quotes and newlines). */
function csvRows(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const BLOCKS = codeBlocks(README);
const KINDS = new Set(['js node', 'js bundler', 'js worker', 'html browser', 'sh cli', 'sh install']);
let project;

/** Expectations for each `js node` / `sh cli` example, from the inputs (not from the package). */
const EXPECT = {
  'quick-start': (out) => {
    const lines = out.trim().split('\n');
    const keys = [...read(DATA['backlog.csv']).matchAll(/^(MESOS-\d+),/gm)].map((m) => m[1]);
    const rows = lines.slice(0, -1).map((l) => l.split(' '));
    assert.deepEqual(rows.map((r) => r[0]), keys, 'one line per issue, in export order');
    for (const [, verdict, score] of rows) {
      assert.ok(['ready', 'almost-ready', 'not-ready'].includes(verdict), verdict);
      assert.ok(Number(score) >= 0 && Number(score) <= 100, score);
    }
    const ready = rows.filter((r) => r[1] === 'ready').length;
    assert.equal(lines.at(-1), `${Math.round((ready / keys.length) * 100)}% ready`);
  },
  parse: (out) => {
    const [first, second, third] = out.trim().split('\n');
    const stories = read(DATA['stories.txt']).split('\n').filter((l) => l.trim());
    assert.equal(first, `text ${stories.length} 0`);
    const [key, kind, ...title] = second.split(' ');
    assert.ok(key.length > 0);
    assert.equal(kind, 'story', 'the first g03 line is an "As a …, I want …" story');
    assert.ok(stories[0].includes(title.join(' ').slice(0, 40)), second);
    for (const f of ['text', 'csv', 'jira-json', 'github-json', 'ado-json', 'gitlab-json', 'linear-json']) assert.ok(third.split(' ').includes(f), third);
  },
  analyze: (out) => {
    const [head, ...rest] = out.trim().split('\n');
    const [key, verdict] = head.split(' ');
    assert.match(read(DATA['backlog.csv']), new RegExp(`^${key},`, 'm'));
    assert.ok(['ready', 'almost-ready', 'not-ready'].includes(verdict));
    const checks = rest.filter((l) => l.startsWith('- ready/'));
    if (verdict !== 'ready') assert.ok(checks.length > 0, 'a not-ready issue lists its failing checks');
    for (const l of rest) assert.match(l, /^(- ready\/[a-z-]+: .+|(error|warning|info) [a-z-]+\/[a-z-]+: .+)$/);
  },
  'score-backlog': (out) => {
    const lines = out.trim().split('\n');
    const rows = csvRows(read(DATA['rice.csv'])).filter((r) => r.length > 1);
    const header = rows[0];
    const col = (name) => header.indexOf(name);
    const data = rows.slice(1);
    const rice = (r) => {
      const [reach, impact, confidence, effort] = ['Reach', 'Impact', 'Confidence', 'Effort'].map((n) => r[col(`Custom field (${n})`)].trim());
      if (!reach || !impact || !confidence || !effort) return null;
      const c = confidence.endsWith('%') ? Number(confidence.slice(0, -1)) / 100 : Number(confidence);
      return (Number(reach) * Number(impact) * c) / Number(effort);
    };
    const scored = data.map((r) => ({ key: r[col('Issue key')], score: rice(r) })).filter((r) => r.score !== null);
    const best = Math.max(...scored.map((r) => r.score));
    lines.slice(0, 5).forEach((l, i) => {
      const [position, key, ...explanation] = l.split(' ');
      assert.equal(Number(position), i + 1);
      assert.match(explanation.join(' '), /^RICE /);
      if (i === 0) assert.ok(scored.some((r) => r.key === key && Math.abs(r.score - best) < 1e-6), `${key} has the best RICE score ${best}`);
    });
    const unscored = data.length - scored.length;
    assert.match(lines.at(-1), new RegExp(`^${unscored} without a RICE score, e\\.g\\. missing .*reach`));
  },
  'find-duplicates': (out) => {
    const lines = out.trim().split('\n');
    const clusters = lines.filter((l) => l.includes(' ~ '));
    const labelled = PAIRS.filter(([a, b]) => clusters.some((l) => l.includes(a) && l.includes(b)));
    assert.ok(labelled.length >= 1, `a labelled SeaMonkey duplicate pair is among the clusters:\n${out}`);
    for (const l of clusters) assert.match(l, /^\d+( ~ \d+)+ 0\.\d\d$/);
    assert.match(lines.at(-1), /^\d+ → \d+ \w+/);
  },
  'default-config': (out) => {
    const [first, second] = out.trim().split('\n');
    const [preset, ...keys] = first.split(' ');
    assert.equal(preset, 'strict');
    for (const k of ['readiness', 'rules', 'priority', 'kpi', 'duplicates']) assert.ok(keys.includes(k), first);
    assert.ok(['ready', 'almost-ready', 'not-ready'].includes(second));
  },
  'lint-draft': (out) => {
    const [first, ...findings] = out.trim().split('\n');
    const m = /^(\d+) of (\d+) checks met$/.exec(first);
    assert.ok(m && Number(m[1]) < Number(m[2]), first);
    // The draft has no "so that …" and no acceptance criteria.
    assert.ok(findings.some((l) => l.startsWith('story/missing-benefit - ')), out);
    assert.ok(findings.some((l) => l.startsWith('criteria/missing - ')), out);
  },
  similar: (out) => {
    const lines = out.trim().split('\n');
    assert.ok(lines.length >= 1 && lines.length <= 3, out);
    // "Keeps Pausing during normal use." (1611120) and its labelled duplicate 1610468.
    assert.match(lines[0], /^0\.\d\d (1611120|1610468) /);
    for (const l of lines) assert.ok(Number(l.split(' ')[0]) >= 0.5, l);
  },
  cli: (out, code) => {
    const rows = csvRows(read(DATA['backlog.csv']));
    assert.ok(rows.length > 1);
    // The command's own summary line, checked against its exit code: --fail-on not-ready
    // fails exactly when some issue is not ready.
    const m = /::notice title=readylens::(\d+) issues: (\d+) ready, (\d+) almost ready, (\d+) not ready/.exec(out);
    assert.ok(m, out);
    assert.equal(Number(m[1]), [...read(DATA['backlog.csv']).matchAll(/^MESOS-\d+,/gm)].length);
    assert.equal(code, Number(m[4]) > 0 ? 1 : 0);
    for (const l of out.trim().split('\n')) assert.match(l, /^::(error|warning|notice) /);
  },
};

before(() => {
  for (const f of ['index.js', 'report-element.js', 'readylens_bg.wasm', 'README.md']) {
    assert.ok(existsSync(join(ROOT, 'pkg', f)), `pkg/${f} is missing: build the package first (bash scripts/build.sh && node scripts/build-pkg.mjs)`);
  }
  project = mkdtempSync(join(tmpdir(), 'readylens-readme-'));
  writeFileSync(join(project, 'package.json'), '{"private": true, "type": "module"}\n');
  for (const [name, src] of Object.entries(DATA)) copyFileSync(join(ROOT, src), join(project, name));
  const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: join(ROOT, 'pkg'), encoding: 'utf8' });
  assert.equal(pack.status, 0, `npm pack: ${pack.stderr}`);
  const tarball = pack.stdout.trim().split('\n').at(-1);
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', `./${tarball}`], { cwd: project, encoding: 'utf8' });
  assert.equal(install.status, 0, `npm install ./${tarball}: ${install.stderr}`);
});

after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

test('pkg/README.md is js/README.md', () => {
  assert.equal(read('pkg/README.md'), README);
});

test('every example in the README is tagged with how it runs, and ids are unique', () => {
  assert.ok(BLOCKS.length >= 10, `${BLOCKS.length} examples`);
  const ids = new Set();
  for (const b of BLOCKS) {
    assert.ok(KINDS.has(`${b.lang} ${b.tag}`), `README line ${b.line}: \`\`\`${b.lang} ${b.tag} is not one of ${[...KINDS].join(', ')}`);
    const id = b.attrs.id ?? b.attrs.file;
    if (b.tag !== 'install') {
      assert.ok(id, `README line ${b.line}: an example needs id=… (or file=… for a worker)`);
      assert.ok(!ids.has(id), `README line ${b.line}: duplicate id ${id}`);
      ids.add(id);
    }
    if (b.tag === 'node' || b.tag === 'cli') assert.ok(EXPECT[id], `README line ${b.line}: add what example ${id} must print to EXPECT in this test`);
  }
  for (const id of Object.keys(EXPECT)) assert.ok(ids.has(id), `EXPECT has ${id}, which is no longer in the README`);
});

test('the install example installs this package (here from its packed tarball)', () => {
  const install = BLOCKS.filter((b) => b.tag === 'install');
  assert.deepEqual(install.map((b) => b.code.trim()), ['npm install readylens']);
  const installed = JSON.parse(readFileSync(join(project, 'node_modules/readylens/package.json'), 'utf8'));
  assert.equal(installed.name, 'readylens');
  for (const f of installed.files) {
    if (!f.endsWith('/')) assert.ok(existsSync(join(project, 'node_modules/readylens', f)), `${f} is in the installed package`);
  }
});

test('the README\'s JavaScript examples type-check against the installed package\'s declarations (tsc --checkJs, through the exports map)', (t) => {
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  assert.ok(existsSync(tsc), 'TypeScript is a dev dependency (npm ci)');
  // Node's own types come with the dev tools; without them only the browser examples are checked.
  const nodeTypes = existsSync(join(ROOT, 'node_modules/@types/node/package.json'));
  if (!nodeTypes) t.diagnostic('node_modules/@types/node is absent: the Node examples are not type-checked');
  const files = [];
  for (const b of BLOCKS.filter((x) => x.lang === 'js' && (nodeTypes || x.tag !== 'node'))) {
    const name = `typed-${(b.attrs.id ?? b.attrs.file).replace(/\.js$/, '')}.mjs`;
    writeFileSync(join(project, name), b.code);
    files.push(name);
  }
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'es2022', module: 'es2022', moduleResolution: 'bundler', allowJs: true, checkJs: true, noEmit: true, strict: true,
      lib: ['es2022', 'dom', 'esnext.disposable'], types: nodeTypes ? ['node'] : [], typeRoots: [join(ROOT, 'node_modules/@types')],
    },
    files,
  }));
  const r = spawnSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' });
  assert.equal(r.stdout + r.stderr, '', 'tsc finds no error in the README examples');
  assert.equal(r.status, 0);
});

for (const block of BLOCKS.filter((b) => b.tag === 'node')) {
  test(`README example "${block.attrs.id}" (line ${block.line}) runs in Node and prints what the inputs say`, () => {
    const file = join(project, `${block.attrs.id}.mjs`);
    writeFileSync(file, block.code);
    const r = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8' });
    assert.equal(r.status, 0, `example ${block.attrs.id} failed:\n${r.stderr}`);
    assert.equal(r.stderr, '');
    EXPECT[block.attrs.id](r.stdout);
  });
}

for (const block of BLOCKS.filter((b) => b.tag === 'cli')) {
  test(`README command "${block.attrs.id}" (line ${block.line}) runs with npx and its exit code matches its verdicts`, () => {
    const env = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    delete env.GITHUB_STEP_SUMMARY;
    const r = spawnSync('bash', ['-c', block.code], { cwd: project, encoding: 'utf8', env });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}:\n${r.stderr}`);
    EXPECT[block.attrs.id](r.stdout, r.status);
  });
}
