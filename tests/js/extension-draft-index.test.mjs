// The authoring assist's duplicate index kept up to date a crawl page at a time: the
// WASM DraftChecker grown with `add` / `remove` answers exactly as one built at once from
// the same issues in the same order, and the background's BacklogStore tells it every
// change (added issues, removed keys) while keeping only a fingerprint per key in memory.
//
// Input: tests/fixtures/hygiene/seamonkey_sample.csv, 48 SeaMonkey bug reports
// (../shared/data/duplicates/seamonkey/; GitBugs, Patil & Jadon, I2CT 2023, CC BY 4.0),
// imported by the core's CSV importer. Needs pkg/ built (wasm-pack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BacklogStore, slim } from '../../extension/draft-store.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const core = await import(join(ROOT, 'pkg', 'readylens.js'));
core.initSync({ module: readFileSync(join(ROOT, 'pkg', 'readylens_bg.wasm')) });

const csv = readFileSync(join(ROOT, 'tests/fixtures/hygiene/seamonkey_sample.csv'), 'utf8');
const BUGS = core.parseIssues(csv, 'csv', 'seamonkey').issues.map((i) => ({ ...i, url: `https://bugzilla.mozilla.org/show_bug.cgi?id=${i.key}` }));
const CONFIG = { version: 1, duplicates: { top: 8, threshold: 0 } };
/** Drafts: real titles with the start of their description, under no key. */
const DRAFTS = BUGS.filter((_, i) => i % 4 === 0).map((b) => ({
  tracker: 'jira',
  key: '',
  kind: 'bug',
  title: b.title,
  description: { blocks: (b.description?.blocks ?? []).slice(0, 1) },
  labels: [],
}));

/** What a draft check shows: candidates with score, evidence, title and link. */
const answers = (checker) => DRAFTS.map((d) => checker.check(d).similar);

test('a checker grown page by page, with edits and removals, equals one built at once', () => {
  const whole = new core.DraftChecker(BUGS, CONFIG);
  const grown = new core.DraftChecker([], CONFIG);
  for (let i = 0; i < BUGS.length; i += 10) {
    assert.equal(grown.add(BUGS.slice(i, i + 10)), Math.min(BUGS.length, i + 10));
    // A check between pages (someone typing while the crawl runs).
    grown.check(DRAFTS[0]);
  }
  assert.equal(grown.size, BUGS.length);
  const want = answers(whole);
  assert.ok(want.every((s) => s.length > 0), 'every draft finds candidates');
  assert.deepEqual(answers(grown), want);
  const first = want[0][0];
  assert.equal(first.url, BUGS.find((b) => b.key === first.key).url, 'the link comes from the index');
  assert.equal(first.title, BUGS.find((b) => b.key === first.key).title);

  // An edited issue replaces the old one and moves to the end; removed keys go.
  const edited = { ...BUGS[3], title: `${BUGS[3].title} (crash on startup)` };
  grown.add([edited]);
  assert.equal(grown.remove([BUGS[0].key, BUGS[7].key, 'NOT-INDEXED']), BUGS.length - 2);
  const left = BUGS.filter((b, i) => i !== 0 && i !== 7 && i !== 3).concat([edited]);
  const fresh = new core.DraftChecker(left, CONFIG);
  assert.deepEqual(answers(grown), answers(fresh));
  assert.ok(grown.memoryBytes > 0);
  for (const c of [whole, grown, fresh]) c.free();
});

test('the store tells the checker each change; a checker fed only those equals one built from the store', async () => {
  let checker = new core.DraftChecker([], CONFIG);
  const seen = [];
  const store = new BacklogStore(null, {
    maxPerScope: 40,
    saveDelay: 1,
    onChange(scope, change) {
      seen.push(change);
      if (change.added.length) checker.add(change.added);
      if (change.removed.length) checker.remove(change.removed);
    },
  });
  const scope = 'https://bugzilla.example';
  // A crawl in pages of 12 (48 issues, cap 40: the 8 oldest are dropped).
  for (let i = 0; i < BUGS.length; i += 12) await store.add(scope, BUGS.slice(i, i + 12), false, { defer: true });
  // The same page again changes nothing; an edit is one change.
  const before = seen.length;
  await store.add(scope, BUGS.slice(36, 48));
  assert.equal(seen.length, before, 'an unchanged page is not indexed again');
  await store.add(scope, [{ ...BUGS[40], title: `${BUGS[40].title} again` }]);
  assert.deepEqual(seen.at(-1).added.map((i) => i.key), [BUGS[40].key]);
  assert.deepEqual(seen.at(-1).added[0], slim({ ...BUGS[40], title: `${BUGS[40].title} again` }));
  const entry = await store.get(scope);
  assert.equal(entry.issues.size, 40);
  assert.ok([...entry.issues.values()].every((v) => typeof v === 'number'), 'only fingerprints in memory');

  const { issues, version } = await store.issues(scope);
  assert.equal(version, entry.version);
  assert.deepEqual(issues.map((i) => i.key), [...entry.issues.keys()], 'the saved issues in index order');
  assert.equal(issues.at(-1).title, `${BUGS[40].title} again`);
  const rebuilt = new core.DraftChecker([], CONFIG);
  for (let i = 0; i < issues.length; i += 7) rebuilt.add(issues.slice(i, i + 7));
  assert.equal(checker.size, 40);
  assert.deepEqual(answers(checker), answers(rebuilt));
  // Replacing the whole set removes what is not in it.
  await store.add(scope, BUGS.slice(0, 5), true);
  assert.equal(checker.size, 5);
  checker.free();
  rebuilt.free();
  checker = null;
});
