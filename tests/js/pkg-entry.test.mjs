// The npm package's ergonomic entry (pkg/index.js, from js/index.js) on real backlogs,
// through the package name and its exports map (a temporary node_modules/readylens
// links to pkg/), the way a user's program imports it.
//
// Needs pkg/ built: wasm-pack, then `node scripts/build-pkg.mjs` (scripts/test.sh does
// both before the JS tests).
//
// Inputs (copied in the repository, with their sources):
// - www/samples/mesos-sample.csv: the first 40 Apache Mesos issues of the Deep-SE data
//   set (../shared/data/issues/deepse/mesos.csv; Choetkiertikul et al., IEEE TSE 2018).
// - www/samples/mesos-rice.csv: 30 of those issues in the Jira CSV shape with RICE
//   columns (the RICE values are made up; see www/samples/README.md).
// - www/samples/g03-loudoun.txt: 58 user stories (Dalpiaz, Mendeley Data,
//   doi:10.17632/7zbk8zsd8y.1, CC BY 4.0).
// - tests/fixtures/hygiene/seamonkey_sample.csv and seamonkey_pairs.csv: 48 SeaMonkey bug
//   reports and 8 labelled duplicate pairs (../shared/data/duplicates/seamonkey/;
//   GitBugs, Patil & Jadon, I2CT 2023, CC BY 4.0).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = join(ROOT, 'pkg');
const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const MESOS = read('www/samples/mesos-sample.csv');
const RICE = read('www/samples/mesos-rice.csv');
const STORIES = read('www/samples/g03-loudoun.txt');
const SEAMONKEY = read('tests/fixtures/hygiene/seamonkey_sample.csv');
const PAIRS = read('tests/fixtures/hygiene/seamonkey_pairs.csv')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.trim().split(','));

let tmp;
let rl; // import('readylens')
let raw; // import('readylens/raw')

/** Run an ES module in a fresh Node process inside the temporary project. */
function runModule(source, args = []) {
  const file = join(tmp, `run-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  const r = spawnSync(process.execPath, [...args, file], { cwd: tmp, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  for (const f of ['index.js', 'index.d.ts', 'report-element.js', 'lib/report-model.js', 'readylens.js', 'readylens_bg.wasm']) {
    assert.ok(existsSync(join(PKG, f)), `pkg/${f} is missing: build the package first (bash scripts/build.sh && node scripts/build-pkg.mjs)`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'readylens-pkg-entry-'));
  mkdirSync(join(tmp, 'node_modules'));
  symlinkSync(PKG, join(tmp, 'node_modules', 'readylens'), 'dir');
  writeFileSync(join(tmp, 'package.json'), '{"type": "module", "private": true}\n');
  // Import by the package name, from inside the temporary project (through the exports map).
  writeFileSync(join(tmp, 'imports.mjs'), "export * as rl from 'readylens';\nexport * as raw from 'readylens/raw';\n");
  ({ rl, raw } = await import(pathToFileURL(join(tmp, 'imports.mjs')).href));
  await rl.init();
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A minimal CSV reader (quoted fields with commas, quotes and newlines), independent of the core. */
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

/** Keys of a CSV export's first column, read without the core. */
const csvKeys = (text, re) => [...text.matchAll(re)].map((m) => m[1]);

test('the exports map resolves ".", "./report-element", "./raw" and the .wasm; the element module imports in Node without a DOM', () => {
  const r = runModule(`
    import * as entry from 'readylens';
    import { defineReportElement, TAG } from 'readylens/report-element';
    import init, { version } from 'readylens/raw';
    const wasm = import.meta.resolve('readylens/readylens_bg.wasm');
    console.log(JSON.stringify({ fns: Object.keys(entry).sort(), tag: TAG, define: defineReportElement() === undefined, wasm: wasm.endsWith('/readylens_bg.wasm'), raw: typeof init === 'function' && typeof version === 'function' }));
  `);
  assert.equal(r.code, 0, r.err);
  const got = JSON.parse(r.out);
  for (const f of ['init', 'parse', 'analyze', 'scoreBacklog', 'findDuplicates', 'defaultConfig', 'lintDraft', 'buildIndex', 'similar']) {
    assert.ok(got.fns.includes(f), `readylens exports ${f}`);
  }
  assert.equal(got.tag, 'readylens-report');
  assert.equal(got.define, true, 'defineReportElement() without customElements defines nothing');
  assert.ok(got.wasm);
  assert.ok(got.raw);
});

test('Node: the first call before init() loads the module by itself; init() is idempotent and shared', () => {
  const r = runModule(`
    import { readFileSync } from 'node:fs';
    import { init, isReady, parse } from 'readylens';
    const before = isReady();
    const n = parse(readFileSync(${JSON.stringify(join(ROOT, 'www/samples/mesos-sample.csv'))}, 'utf8')).issues.length;
    const after = isReady();
    const a = init(), b = init();
    await Promise.all([a, b, init()]);
    console.log(JSON.stringify({ before, n, after, same: a === b }));
  `);
  assert.equal(r.code, 0, r.err);
  const got = JSON.parse(r.out);
  assert.equal(got.before, false);
  assert.equal(got.after, true);
  assert.equal(got.n, csvKeys(MESOS, /^(MESOS-\d+),/gm).length);
});

test('without process.getBuiltinModule (Node < 20.16, or a browser) a call before init() throws a clear Error; after init() it works', () => {
  const r = runModule(`
    delete process.getBuiltinModule;
    const { init, parse } = await import('readylens');
    let message = '';
    try { parse('As a user, I want to log in so that I can see my data.'); } catch (e) { message = e instanceof Error ? e.message : 'not an Error'; }
    await init();
    const n = parse('As a user, I want to log in so that I can see my data.').issues.length;
    console.log(JSON.stringify({ message, n }));
  `);
  assert.equal(r.code, 0, r.err);
  const got = JSON.parse(r.out);
  assert.match(got.message, /parse\(\) was called before the WebAssembly module was loaded; call `await init\(\)` once first/);
  assert.equal(got.n, 1);
});

test('init() in Node takes a path, a file: URL (string or URL) or the bytes', () => {
  const wasm = join(PKG, 'readylens_bg.wasm');
  for (const input of [JSON.stringify(wasm), JSON.stringify(pathToFileURL(wasm).href), `new URL(${JSON.stringify(pathToFileURL(wasm).href)})`, `readFileSync(${JSON.stringify(wasm)})`]) {
    const r = runModule(`
      import { readFileSync } from 'node:fs';
      import { init, isReady, formats } from 'readylens';
      await init(${input});
      console.log(JSON.stringify({ ready: isReady(), formats: formats().length }));
    `);
    assert.equal(r.code, 0, `${input}: ${r.err}`);
    assert.deepEqual(JSON.parse(r.out), { ready: true, formats: raw.formats().length });
  }
});

test('a failed load rejects, is not remembered, and the next init() loads', () => {
  const r = runModule(`
    import { init, isReady, version } from 'readylens';
    let message = '';
    try { await init(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9])); } catch (e) { message = String(e?.message ?? e); }
    const mid = isReady();
    await init();
    console.log(JSON.stringify({ message, mid, ready: isReady(), version: version() }));
  `);
  assert.equal(r.code, 0, r.err);
  const got = JSON.parse(r.out);
  assert.ok(got.message.length > 0, 'the bad module is rejected');
  assert.equal(got.mid, false);
  assert.equal(got.ready, true);
  const cargo = read('Cargo.toml').match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  assert.equal(got.version, cargo);
});

test('parse: a Jira CSV, plain-text stories, a named format; bad input throws an Error naming the problem and the next call works', () => {
  const mesos = rl.parse(MESOS);
  assert.deepEqual(mesos.issues.map((i) => i.key), csvKeys(MESOS, /^(MESOS-\d+),/gm));
  assert.deepEqual(mesos.problems, []);
  const stories = rl.parse(STORIES, { source: 'g03.txt' });
  assert.equal(stories.format, 'text');
  const lines = STORIES.split('\n').filter((l) => l.trim());
  assert.equal(stories.issues.length, lines.length);
  assert.ok(lines[0].includes(stories.issues[0].title.slice(0, 30)), stories.issues[0].title);
  assert.deepEqual(rl.parse(MESOS, { format: 'csv' }).issues, mesos.issues);

  assert.throws(() => rl.parse(MESOS, { format: 'xml' }), (e) => e instanceof Error && /unknown format `xml`/.test(e.message) && /jira-json/.test(e.message));
  assert.throws(() => rl.parse('{"issues": [', { format: 'jira-json' }), (e) => e instanceof Error && /line 1/.test(e.message));
  assert.throws(() => rl.parse(42), (e) => e instanceof TypeError && /parse\(\): the text must be a string, got a number/.test(e.message));
  assert.equal(rl.parse(MESOS).issues.length, mesos.issues.length, 'the next call works');
});

test('analyze: issues, parse() results and text give the core report; a partial config applies; a bad config throws and the next call works', () => {
  const { issues } = rl.parse(MESOS);
  const report = rl.analyze(issues);
  assert.deepEqual(report, raw.analyze(issues, null));
  assert.deepEqual(rl.analyze(rl.parse(MESOS)), report);
  assert.deepEqual(rl.analyze(MESOS), report);
  assert.deepEqual(rl.analyze(MESOS, null, { format: 'csv' }), report);
  assert.equal(report.issues.length, issues.length);
  assert.deepEqual(report.issues.map((r) => r.key), issues.map((i) => i.key));
  const { ready, almost_ready: almost, not_ready: notReady } = report.backlog;
  assert.equal(ready + almost + notReady, issues.length);
  assert.equal(report.issues.filter((r) => r.readiness.verdict === 'ready').length, ready);

  // The Mesos issues with RICE, status and priority columns: the strict preset asks more of them.
  const rice = rl.parse(RICE).issues;
  const strict = rl.analyze(rice, { readiness: { preset: 'strict' } });
  assert.deepEqual(strict, raw.analyze(rice, { readiness: { preset: 'strict' } }));
  assert.ok(strict.backlog.not_ready > rl.analyze(rice).backlog.not_ready, 'the strict preset judges more of them not ready');

  assert.throws(() => rl.analyze(issues, { readiness: { preset: 'lax' } }), (e) => e instanceof Error && /readiness\.preset/.test(e.message) && /lax/.test(e.message));
  assert.throws(() => rl.analyze(issues, { readines: {} }), (e) => e instanceof Error && /readines/.test(e.message));
  assert.throws(() => rl.analyze([{ key: 'X-1' }]), (e) => e instanceof Error && /issues/.test(e.message));
  assert.throws(() => rl.analyze(42), (e) => e instanceof TypeError && /analyze\(\): expected an array of issues/.test(e.message));
  assert.deepEqual(rl.analyze(issues), report, 'the next call works');
});

test('scoreBacklog: RICE ranking of a Jira CSV with RICE fields, best first, unscored last; other frameworks; a report as input', () => {
  const { issues } = rl.parse(RICE);
  const report = rl.analyze(issues);
  const ranking = rl.scoreBacklog(issues, undefined, { framework: 'rice' });
  assert.equal(ranking.length, issues.length);
  assert.deepEqual(ranking.map((r) => r.position), issues.map((_, i) => i + 1));
  assert.deepEqual([...ranking.map((r) => r.index)].sort((a, b) => a - b), issues.map((_, i) => i));
  const scored = ranking.filter((r) => r.score !== null);
  const unscored = ranking.filter((r) => r.score === null);
  assert.ok(scored.length > 0 && unscored.length > 0, 'the sample has issues with and without Reach');
  assert.deepEqual(ranking.slice(0, scored.length), scored, 'unscored issues come last');
  for (let i = 1; i < scored.length; i++) assert.ok(scored[i - 1].score >= scored[i].score, `${scored[i - 1].key} before ${scored[i].key}`);
  for (const r of ranking) {
    const rice = report.issues[r.index].priority.scores.find((s) => s.framework === 'rice');
    assert.equal(r.key, issues[r.index].key);
    assert.equal(r.framework, 'rice');
    assert.equal(r.score, rice.score);
    assert.equal(r.explanation, rice.explanation);
    assert.deepEqual(r.missing, rice.missing);
  }
  for (const r of unscored) assert.ok(r.missing.includes('reach'), `${r.key} lacks reach: ${r.missing}`);
  // The RICE columns as the export gives them (read here without the core): the top
  // issue's score is Reach × Impact × Confidence ÷ Effort, and no issue scores higher.
  const rows = csvRows(RICE).filter((r) => r.length > 1);
  const col = (name) => rows[0].indexOf(`Custom field (${name})`);
  const rice = (r) => {
    const [reach, impact, confidence, effort] = ['Reach', 'Impact', 'Confidence', 'Effort'].map((n) => r[col(n)].trim());
    if (!reach || !impact || !confidence || !effort) return null;
    const c = confidence.endsWith('%') ? Number(confidence.slice(0, -1)) / 100 : Number(confidence);
    return (Number(reach) * Number(impact) * c) / Number(effort);
  };
  const expected = new Map(rows.slice(1).map((r) => [r[rows[0].indexOf('Issue key')], rice(r)]));
  assert.equal(expected.size, issues.length);
  for (const r of ranking) {
    if (expected.get(r.key) === null) assert.equal(r.score, null, r.key);
    else assert.ok(Math.abs(r.score - expected.get(r.key)) < 0.05, `${r.key}: ${r.explanation}, expected ${expected.get(r.key)}`);
  }
  assert.equal(unscored.length, [...expected.values()].filter((v) => v === null).length);

  assert.deepEqual(rl.scoreBacklog(report, undefined, { framework: 'rice' }), ranking, 'a report gives the same ranking');
  assert.deepEqual(rl.scoreBacklog(issues).map((r) => r.key), ranking.map((r) => r.key), 'RICE is the default primary');
  const wsjf = rl.scoreBacklog(issues, { priority: { primary: 'wsjf' } });
  assert.ok(wsjf.every((r) => r.framework === 'wsjf'));
  const iceOnly = rl.scoreBacklog(issues, { priority: { frameworks: ['ice'] } }, { framework: 'rice' });
  assert.deepEqual(iceOnly.map((r) => r.score), ranking.map((r) => r.score), 'the chosen framework is computed even when the configuration lists others');

  assert.throws(() => rl.scoreBacklog(issues, undefined, { framework: 'moscow' }), (e) => e instanceof Error && /unknown framework `moscow`/.test(e.message));
  assert.equal(rl.scoreBacklog(issues).length, issues.length, 'the next call works');
});

test('findDuplicates: labelled SeaMonkey duplicates, top and threshold options, bad options', () => {
  const { issues } = rl.parse(SEAMONKEY);
  const dups = rl.findDuplicates(issues);
  assert.deepEqual(dups, raw.findDuplicates(issues, null));
  assert.equal(dups.candidates.length, issues.length);
  const linked = (a, b) => {
    const ia = issues.findIndex((i) => i.key === a);
    const ib = issues.findIndex((i) => i.key === b);
    return dups.candidates[ia].some((c) => c.key === b) || dups.candidates[ib].some((c) => c.key === a);
  };
  assert.ok(PAIRS.some(([a, b]) => linked(a, b)), 'at least one labelled pair is found at the default threshold');
  for (const cluster of dups.clusters) for (const k of cluster.keys) assert.ok(issues.some((i) => i.key === k));

  const loose = rl.findDuplicates(issues, { top: 2, threshold: 0.25 });
  assert.deepEqual(loose, raw.findDuplicates(issues, { duplicates: { top: 2, threshold: 0.25 } }));
  assert.ok(loose.candidates.every((c) => c.length <= 2));
  assert.ok(loose.candidates.flat().every((c) => c.score >= 0.25));
  assert.ok(loose.candidates.flat().length > dups.candidates.flat().length, 'a lower threshold finds more');
  const tight = rl.findDuplicates(SEAMONKEY, { threshold: 0.95 });
  assert.ok(tight.candidates.flat().every((c) => c.score >= 0.95));

  assert.throws(() => rl.findDuplicates(issues, { top: 'five' }), (e) => e instanceof Error && /duplicates\.top/.test(e.message));
  assert.deepEqual(rl.findDuplicates(issues), dups, 'the next call works');
});

test('defaultConfig: the core default; a preset; the result is accepted by analyze; an unknown preset throws', () => {
  assert.deepEqual(rl.defaultConfig(), raw.defaultConfig());
  const strict = rl.defaultConfig('strict');
  assert.equal(strict.readiness.preset, 'strict');
  const { issues } = rl.parse(MESOS);
  assert.deepEqual(rl.analyze(issues, strict), rl.analyze(issues, { readiness: { preset: 'strict' } }));
  strict.readiness.checks['ready/estimate'] = 'off';
  const off = rl.analyze(issues, strict);
  assert.ok(off.issues.every((r) => !r.readiness.checks.some((c) => c.check === 'ready/estimate' && !c.passed)));
  assert.throws(() => rl.defaultConfig('lax'), (e) => e instanceof Error && /unknown preset `lax`/.test(e.message) && /minimal, scrum, safe, strict/.test(e.message));
  assert.equal(rl.defaultConfig('minimal').readiness.preset, 'minimal', 'the next call works');
});

test('lintDraft: a real story as typed (text fields), the same report analyze gives for the issue; fixing the draft clears findings', () => {
  // The first story of g03 (Loudoun County), as someone would type it into a form.
  const story = STORIES.split('\n').find((l) => l.trim()).replace(/#\w+#/g, '').trim();
  const draft = { kind: 'Story', title: story };
  const result = rl.lintDraft(draft);
  const issue = rl.draftIssue(draft);
  assert.equal(issue.kind, 'story');
  assert.equal(issue.title, story.replace(/\s+/g, ' '));
  assert.deepEqual(result, raw.analyze([issue], null).issues[0]);
  const failing = (r) => r.readiness.checks.filter((c) => !c.passed).map((c) => c.check);
  assert.ok(failing(result).includes('ready/acceptance-criteria'), failing(result));

  const withCriteria = rl.lintDraft({
    ...draft,
    description: 'Residents asked for this at the 2017 town hall.',
    acceptanceCriteria: '- Given a registered user, when they search, then matching permits are listed\n- Given no match, when they search, then a "no results" message is shown',
  });
  assert.ok(!failing(withCriteria).includes('ready/acceptance-criteria'), failing(withCriteria));
  assert.ok(!withCriteria.diagnostics.some((d) => d.rule === 'criteria/missing'));

  const vague = rl.lintDraft({ kind: 'Story', title: 'As a user I want to export reports', description: 'Export should be fast and easy.' });
  assert.ok(vague.diagnostics.some((d) => d.rule === 'story/missing-benefit'), vague.diagnostics.map((d) => d.rule));
  const fixed = rl.lintDraft({ kind: 'Story', title: 'As a user I want to export reports so that I can share them with my team', description: 'Export should be fast and easy.' });
  assert.ok(!fixed.diagnostics.some((d) => d.rule === 'story/missing-benefit'), fixed.diagnostics.map((d) => d.rule));

  // Markdown text becomes the core's blocks; a Doc passes through.
  const md = rl.draftIssue({ title: 't', description: '## Context\n\n- first\n- second' });
  assert.deepEqual(md.description.blocks.map((b) => b.type), ['heading', 'list-item', 'list-item']);
  const doc = { blocks: [{ type: 'paragraph', text: 'as is' }] };
  assert.deepEqual(rl.draftIssue({ title: 't', description: doc }).description, doc);
  assert.deepEqual(rl.draftIssue({ title: 't', estimate: 3 }).estimate, { value: 3, unit: 'points' });
  assert.deepEqual(rl.lintDraft(rl.parse(MESOS).issues[0]), rl.analyze([rl.parse(MESOS).issues[0]]).issues[0], 'a full Issue works too');

  assert.throws(() => rl.lintDraft('As a user'), (e) => e instanceof TypeError && /lintDraft\(\): the draft must be an object/.test(e.message));
  assert.throws(() => rl.lintDraft({ title: 7 }), (e) => e instanceof TypeError && /draft\.title must be a string/.test(e.message));
  assert.throws(() => rl.lintDraft({ title: 'x', kind: 'story', status: { name: 1 } }), (e) => e instanceof Error && /status/.test(e.message));
  assert.deepEqual(rl.lintDraft(draft), result, 'the next call works');
});

test('buildIndex / similar: labelled SeaMonkey duplicates found, k and threshold respected, never the draft itself, free()', () => {
  const { issues } = rl.parse(SEAMONKEY);
  const index = rl.buildIndex(issues);
  assert.equal(index.size, issues.length);
  const byKey = new Map(issues.map((i) => [i.key, i]));

  // The first k of the index's (up to 50) candidates are the core's top-k answer for the
  // same threshold, for every issue and several k.
  for (const k of [1, 3, 5]) {
    const checker = new raw.DraftChecker(issues, { duplicates: { top: k, threshold: 0.5 } });
    for (const issue of issues) {
      const hits = rl.similar(issue, index, k);
      assert.deepEqual(hits.map((h) => [h.key, h.score, h.evidence]), checker.check(issue).similar.map((c) => [c.key, c.score, c.evidence]), `${issue.key}, k=${k}`);
      assert.ok(!hits.some((h) => h.key === issue.key), 'never the draft itself');
      for (const h of hits) assert.equal(h.title, byKey.get(h.key).title);
    }
    checker.free();
  }
  assert.deepEqual(rl.similar(issues[0], index), rl.similar(issues[0], index, 5), 'k defaults to duplicates.top (5)');
  index.free();
  assert.throws(() => rl.similar(issues[0], index), (e) => e instanceof Error && /freed/.test(e.message));

  // A lower threshold: the labelled duplicate's original is the first candidate for at least half the pairs.
  const loose = rl.buildIndex(issues, { duplicates: { threshold: 0.2 } });
  let found = 0;
  for (const [a, b] of PAIRS) {
    const hits = rl.similar(byKey.get(b), loose, 5);
    assert.ok(hits.length <= 5 && hits.every((h) => h.score >= 0.2));
    if (hits[0]?.key === a) found += 1;
  }
  assert.ok(found >= PAIRS.length / 2, `${found} of ${PAIRS.length} labelled pairs`);

  // A draft typed as text (no key yet) finds the issue it repeats.
  const original = byKey.get(PAIRS[4][0]);
  const hits = rl.similar({ title: original.title }, loose, 1);
  assert.equal(hits.length, 1);
  assert.equal(hits[0].key, original.key);
  assert.deepEqual(rl.similar({ title: original.title }, loose, 0), []);
  assert.throws(() => rl.similar({ title: 'x' }, loose, -1), (e) => e instanceof RangeError && /k must be a whole number/.test(e.message));
  assert.throws(() => rl.similar({ title: 'x' }, {}, 3), (e) => e instanceof Error && /index must come from buildIndex/.test(e.message));
  assert.throws(() => rl.buildIndex([{ title: 'no key' }]), (e) => e instanceof Error && /backlog/.test(e.message));
  assert.equal(rl.similar({ title: original.title }, loose, 1)[0].key, original.key, 'the next call works');
  loose.free();
});
