// Type-checks the package's hand-written entry declarations (pkg/index.d.ts and
// pkg/report-element.d.ts, from js/) against a program that uses them the way a web
// tool would. Needs pkg/ built: wasm-pack, then `node scripts/build-pkg.mjs`.
// Run: tsc -p tests/ts/tsconfig.entry.json
import {
  init,
  isReady,
  parse,
  analyze,
  scoreBacklog,
  findDuplicates,
  defaultConfig,
  lintDraft,
  buildIndex,
  similar,
  draftIssue,
  formats,
  version,
  MAX_SIMILAR,
  DuplicateIndex,
  type Report,
  type Issue,
  type IssueReport,
  type Config,
  type ConfigInput,
  type Imported,
  type RankedIssue,
  type SimilarIssue,
  type DuplicateReport,
  type Verdict,
  type Format,
} from '../../pkg/index.js';
import { defineReportElement, ReadylensReportElement, TAG, type ReportColumn } from '../../pkg/report-element.js';
import * as raw from '../../pkg/readylens.js';

async function main(): Promise<void> {
  await init();
  await init(new URL('https://example.invalid/readylens_bg.wasm'));
  await init(new Uint8Array(8));
  await init({ module_or_path: '/static/readylens_bg.wasm' });
  const loaded: boolean = isReady();

  const imported: Imported = parse('As a user, I want to log in so that I see my data', { format: 'text' });
  const detected: Format = parse('KEY-1,Title', { source: 'export.csv' }).format;
  const issues: Issue[] = imported.issues;

  const config: Config = defaultConfig('strict');
  config.readiness.checks['ready/estimate'] = 'off';
  const partial: ConfigInput = { readiness: { preset: 'scrum' }, duplicates: { threshold: 0.6 } };

  const a: Report = analyze(issues, partial);
  const b: Report = analyze(imported);
  const c: Report = analyze('As a user, I want X', config, { format: 'text' });
  const verdict: Verdict = a.issues[0].readiness.verdict;
  const rate: number = b.backlog.readiness_rate + c.backlog.health_index;

  const ranked: RankedIssue[] = scoreBacklog(issues, partial, { framework: 'wsjf' });
  const fromReport: RankedIssue[] = scoreBacklog(a);
  const top: number | null = ranked[0].score;
  const missing: string[] = fromReport[0].missing;

  const dups: DuplicateReport = findDuplicates(issues, { top: 3, threshold: 0.4 });
  const firstKey: string | undefined = dups.candidates[0]?.[0]?.key;
  const clusterKeys: string[] = dups.clusters.flatMap((cl) => cl.keys);

  const draft: IssueReport = lintDraft({ title: 'Export', description: 'Fast and *easy*', acceptanceCriteria: '- works', kind: 'User Story', estimate: 3 });
  const fromIssue: IssueReport = lintDraft(issues[0], partial);
  const full: Issue = draftIssue({ title: 'x', labels: ['ui'] });

  const index: DuplicateIndex = buildIndex(issues, partial);
  const size: number = index.size;
  const hits: SimilarIssue[] = similar({ title: 'log in', key: 'KEY-1' }, index, 3);
  const hit = hits[0];
  const line = `${hit.key} ${hit.title} ${hit.score.toFixed(2)} ${hit.url ?? ''} ${hit.evidence?.join(' ') ?? ''}`;
  index.free();
  {
    using scoped = buildIndex(imported);
    similar({ title: draft.title }, scoped);
  }

  const names: Format[] = formats();
  const v: string = version();
  const cap: 50 = MAX_SIMILAR;

  // The raw bindings stay available.
  const rawReport: Report = raw.analyze(issues, null);

  // The element.
  defineReportElement('my-report');
  const el = document.createElement(TAG);
  const typed: ReadylensReportElement = el;
  typed.issues = imported;
  typed.issues = issues;
  typed.report = a;
  typed.config = partial;
  const column: ReportColumn = typed.sort.column;
  typed.sortBy('score', 'desc');
  el.addEventListener('readylens-rendered', (e) => console.log(e.detail.report?.backlog.issues));

  console.log(loaded, detected, verdict, rate, top, missing, firstKey, clusterKeys, fromIssue, full, size, line, names, v, cap, rawReport, column);

  // @ts-expect-error: an unknown preset is a type error
  defaultConfig('lax');
  // @ts-expect-error: an unknown framework is a type error
  scoreBacklog(issues, null, { framework: 'moscow' });
  // @ts-expect-error: parse takes text
  parse(issues);
  // @ts-expect-error: an unknown column is a type error
  typed.sortBy('priority');
  // @ts-expect-error: the index is made by buildIndex only
  new DuplicateIndex();
}

void main();
