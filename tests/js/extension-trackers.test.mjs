// Pure helpers of the tracker modules: URL and key parsing, type names, batching.
// (Selector matching on the saved fixture pages is tested in tests/e2e/, in Chromium.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyFromHref, viewKey, KEY_RE } from '../../extension/trackers/jira.js';
import { parseIssuePath, gitlab } from '../../extension/trackers/gitlab.js';
import { collectionBase, idFromHref, azureDevops } from '../../extension/trackers/azure-devops.js';
import { keyFromPath as githubKey, github } from '../../extension/trackers/github.js';
import { keyFromPath as linearKey, issuesQuery } from '../../extension/trackers/linear.js';
import { chunks, kindFromName, pageIssue } from '../../extension/trackers/common.js';
import { TRACKERS } from '../../extension/trackers/index.js';

test('Jira keys from routes and the selectedIssue parameter', () => {
  assert.equal(keyFromHref('/browse/MESOS-1715'), 'MESOS-1715');
  assert.equal(keyFromHref('https://h/jira/browse/STUDIO-5383?focusedCommentId=1'), 'STUDIO-5383');
  assert.equal(keyFromHref('/browse/MESOS'), '');
  assert.equal(keyFromHref('/browse/mesos-1'), '');
  assert.equal(viewKey(new URL('https://x.atlassian.net/jira/software/c/projects/A/boards/1?selectedIssue=A-12')), 'A-12');
  assert.equal(viewKey(new URL('https://x.atlassian.net/browse/A_B-3')), 'A_B-3');
  assert.ok(KEY_RE.test('C2-10') && !KEY_RE.test('2C-10'));
});

test('GitLab issue paths with and without a relative URL root', () => {
  assert.deepEqual(parseIssuePath('/group/sub/project/-/issues/12'), { project: 'group/sub/project', iid: '12' });
  assert.deepEqual(parseIssuePath('/gitlab/data/packages/-/work_items/7', '/gitlab'), { project: 'data/packages', iid: '7' });
  assert.equal(parseIssuePath('/group/project/-/merge_requests/3'), null);
  const wanted = new Set(['data/packages#7', 'other/packages#8']);
  assert.equal(gitlab.keyFor({ key: '7', url: 'https://g/gitlab/data/packages/-/issues/7' }, wanted), 'data/packages#7');
  assert.equal(gitlab.keyFor({ key: 'data/packages#7' }, wanted), 'data/packages#7');
  assert.equal(gitlab.keyFor({ key: '9' }, wanted), null);
});

test('Azure DevOps collection base and work item ids', () => {
  assert.equal(collectionBase('/org/Project/_boards/board/t/Team/Stories'), '/org');
  assert.equal(collectionBase('/tfs/DefaultCollection/Project/_workitems/edit/5'), '/tfs/DefaultCollection');
  assert.equal(collectionBase('/Project/_workitems/edit/5'), '');
  assert.equal(collectionBase('/org/Project'), null);
  assert.equal(idFromHref('/org/P/_workitems/edit/2301/'), '2301');
  assert.equal(idFromHref('/org/P/_workitems/recentlyupdated'), '');
  assert.equal(azureDevops.keyFor({ key: '#2301' }, new Set(['2301'])), '2301');
});

test('GitHub and Linear keys', () => {
  assert.equal(githubKey('/rust-lang/rust/issues/12345'), 'rust-lang/rust#12345');
  assert.equal(githubKey('/o/r/pull/1'), '');
  assert.equal(github.keyFor({ key: '101', url: 'https://github.example.com/fedspend/broker/issues/101' }, new Set(['fedspend/broker#101'])), 'fedspend/broker#101');
  assert.equal(linearKey('/acme/issue/ENG-123/fix-login'), 'ENG-123');
  assert.equal(linearKey('/acme/team/ENG/all'), '');
  const q = issuesQuery(['ENG-1', 'ENG-2"}']);
  assert.match(q, /i0: issue\(id: "ENG-1"\)/);
  assert.match(q, /i1: issue\(id: "ENG-2\\"}"\)/, 'identifiers are JSON-quoted');
});

test('type names normalise like IssueKind::from_name; page issues carry only what is seen', () => {
  assert.equal(kindFromName('Product Backlog Item'), 'story');
  assert.equal(kindFromName('Sub-task'), 'subtask');
  assert.equal(kindFromName('Whatever'), 'other');
  assert.deepEqual(pageIssue({ tracker: 'jira', key: 'A-1', title: 'T', kindName: 'Bug' }),
    { tracker: 'jira', key: 'A-1', title: 'T', kind: 'bug', kind_name: 'Bug', description: { blocks: [] } });
  assert.deepEqual(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
});

test('one module per tracker, each with the full interface', () => {
  assert.deepEqual(TRACKERS.map((t) => t.id).sort(), ['azure-devops', 'github', 'gitlab', 'jira', 'linear']);
  for (const t of TRACKERS) {
    for (const f of ['hostMatch', 'detect', 'discover', 'load', 'fromPage']) assert.equal(typeof t[f], 'function', `${t.id}.${f}`);
  }
  const cloud = { jira: 'acme.atlassian.net', gitlab: 'gitlab.com', 'azure-devops': 'dev.azure.com', github: 'github.com', linear: 'linear.app' };
  for (const t of TRACKERS) {
    assert.equal(t.hostMatch(new URL(`https://${cloud[t.id]}/x`)), true, t.id);
    assert.equal(t.hostMatch(new URL('https://example.com/x')), false, t.id);
  }
});
