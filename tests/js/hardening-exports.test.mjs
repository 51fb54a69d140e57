// Dashboard exports with hostile issue text, as a property test with a fixed seed:
// random titles, keys and labels built from formula starters, markup, HTML, pipes and
// line breaks go through the real WASM core (pkg/) and the dashboard's export builders
// (www/js/export-formats.js). The CSV must parse back with no live formula cell and the
// text intact after the guard; the Markdown report, parsed by a GFM parser (micromark,
// when installed), must contain no HTML and keep every table row's cell count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRows } from '../../www/js/report-model.js';
import { issuesCsv, findingsCsv, markdownReport, ISSUE_CSV_HEADER } from '../../www/js/export-formats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function loadCore() {
  const mod = await import('../../pkg/readylens.js');
  await mod.default({ module_or_path: readFileSync(join(ROOT, 'pkg', 'readylens_bg.wasm')) });
  return mod;
}

/** xorshift32 with a fixed seed: the same hostile backlog every run. */
function rng(seed) {
  let x = seed >>> 0;
  return (n) => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

const PIECES = [
  '=', '+', '-', '@', '\t', '\r', '=HYPERLINK("http://evil.example","x")', '+cmd|\' /C calc\'!A0',
  '|', '\\|', '\\', '`', '*', '_', '#', '[x](javascript:alert(1))', '<img src=x onerror=alert(1)>',
  '</style><style>*{display:none}</style>', '<script>alert(1)</script>', '&lt;b&gt;', '\n', '\r\n',
  '"', ',', ';', '- [ ] ', '> ', '1. ', '---', '~~', '![i](http://evil.example/i.png)',
  // Real words, from www/samples/g03-loudoun.txt (Dalpiaz, CC BY 4.0).
  'As a Staff member, I want to Record an Internal Note, ', 'so that I can share information ',
];

function hostileText(next) {
  let s = '';
  const n = 1 + next(5);
  for (let i = 0; i < n; i++) s += PIECES[next(PIECES.length)];
  return s;
}

/** A GitHub REST issue list with hostile titles, bodies and labels. */
function hostileBacklog(next, count) {
  return Array.from({ length: count }, (_, i) => ({
    html_url: `https://github.com/o/r/issues/${i + 1}`,
    number: i + 1,
    title: hostileText(next) || 'x',
    body: `${hostileText(next)}\n\n${hostileText(next)}`,
    state: 'open',
    labels: [{ name: hostileText(next) }],
  }));
}

function parseCsv(text) {
  const recs = [];
  let rec = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rec.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { rec.push(cell); recs.push(rec); rec = []; cell = ''; i++; } else cell += c;
  }
  if (cell || rec.length) { rec.push(cell); recs.push(rec); }
  return recs;
}

test('dashboard CSV exports: no live formula in any cell, hostile text intact after the guard', async () => {
  const core = await loadCore();
  const next = rng(0x5eed1234);
  for (let round = 0; round < 8; round++) {
    const raw = hostileBacklog(next, 12);
    const imported = core.parseIssues(JSON.stringify(raw), 'github-json', 'hostile');
    const report = core.analyze(imported.issues, undefined);
    const rows = buildRows(imported.issues, report);
    const issues = parseCsv(issuesCsv(rows));
    assert.deepEqual(issues[0], ISSUE_CSV_HEADER);
    assert.equal(issues.length, rows.length + 1, 'one record per issue: line breaks stayed inside quotes');
    for (const csv of [issues, parseCsv(findingsCsv(rows))]) {
      for (const [r, rec] of csv.entries()) {
        for (const [c, cell] of rec.entries()) {
          assert.ok(!/^[=+\-@\t\r]/.test(cell), `round ${round} record ${r} cell ${c} is live: ${JSON.stringify(cell)}`);
        }
      }
    }
    // The title column holds the title, guarded by one apostrophe when needed.
    for (const [i, row] of rows.entries()) {
      const cell = issues[i + 1][1];
      assert.equal(cell.replace(/^'(?=[=+\-@\t\r])/, ''), row.title);
    }
  }
});

test('dashboard Markdown report: no raw HTML, no injected links or images, table rows keep their cells', async (t) => {
  let micromark;
  let gfm;
  let gfmHtml;
  try {
    ({ micromark } = await import('micromark'));
    ({ gfm, gfmHtml } = await import('micromark-extension-gfm'));
  } catch {
    return t.skip('micromark is not installed');
  }
  const core = await loadCore();
  const next = rng(0xbadc0de);
  for (let round = 0; round < 6; round++) {
    const raw = hostileBacklog(next, 10);
    const imported = core.parseIssues(JSON.stringify(raw), 'github-json', 'hostile');
    const report = core.analyze(imported.issues, undefined);
    const rows = buildRows(imported.issues, report);
    const md = markdownReport({ rows, backlog: report.backlog, source: hostileText(next), date: '2026-11-28', version: '0.1.0' });
    // allowDangerousHtml: what a permissive wiki would do with raw HTML in the source.
    const html = micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    assert.ok(!/<(img|script|style|iframe|svg)\b/i.test(html), `round ${round}: issue text became HTML:\n${html.slice(0, 2000)}`);
    assert.ok(!/href="javascript:/i.test(html), `round ${round}: a javascript: link`);
    assert.ok(!/src="http:\/\/evil/i.test(html), `round ${round}: an injected image`);
    // Links: only GFM autolinks of a bare URL in the text, whose visible text is the URL
    // itself, so a link can never disguise where it goes.
    for (const [, href, label] of html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)) {
      const shown = label.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      assert.ok(decodeURI(href).replace(/^http:\/\/(?=www\.)/, '').includes(shown), `round ${round}: link text ${shown} hides ${href}`);
    }
    // Every table keeps the cell count of its head row.
    for (const table of html.split('<table>').slice(1)) {
      const body = table.split('</table>')[0];
      const rowsHtml = body.split('<tr>').slice(1);
      const counts = rowsHtml.map((r) => (r.match(/<t[hd][ >]/g) ?? []).length);
      assert.ok(counts.every((c) => c === counts[0]), `round ${round}: ragged table ${counts}`);
    }
    // Every issue that is not ready has its own section heading, so nothing merged.
    const todo = rows.filter((r) => r.verdict && r.verdict !== 'ready').length;
    assert.equal((html.match(/<h3>/g) ?? []).length, Math.min(todo, 50), `round ${round}: one heading per issue to groom`);
  }
});
