// Type-checks the generated package declarations (pkg/readylens.d.ts) against a
// program that uses them the way a dashboard would. Run by scripts/test.sh with tsc.
import init, {
  parseIssues,
  analyze,
  checkText,
  formats,
  version,
  defaultConfig,
  findDuplicates,
  rankBacklog,
  whatIf,
  DraftChecker,
  type Report,
  type Issue,
  type Diagnostic,
  type Config,
  type Imported,
} from "../../pkg/readylens.js";

async function main(): Promise<void> {
  await init();
  const imported: Imported = parseIssues("As a user, I want to log in", "text", "sample.txt");
  const issues: Issue[] = imported.issues;
  const config: Partial<Config> = { version: 1 };
  const report: Report = analyze(issues, config);
  const first = report.issues[0];
  const verdict: "ready" | "almost-ready" | "not-ready" = first.readiness.verdict;
  const findings: Diagnostic[] = first.diagnostics;
  for (const d of findings) {
    const start: number | undefined = d.span?.start;
    console.log(d.rule, d.severity, d.message, d.why, d.help, start);
  }
  const rate: number = report.backlog.readiness_rate;
  const again: Report = checkText("KEY-1,Title", "csv", undefined);
  const names: string[] = formats();
  console.log(verdict, rate, again.backlog.issues, names.length, version(), imported.problems.length);
  const defaults: Config = defaultConfig();
  const dups = findDuplicates(issues, defaults);
  const clusters: number = dups.clusters.length;
  const order: Uint32Array | number[] = rankBacklog(report.issues.map((r) => r.priority), "wsjf");
  const changed = whatIf(report.issues.map((r) => r.priority), 0, "rice", [], undefined);
  const newRank: number = changed.rank;
  using checker = new DraftChecker(issues, defaults);
  const draft = checker.check(issues[0]);
  const similarKeys: string[] = draft.similar.map((c) => c.key);
  const draftVerdict = draft.report.readiness.verdict;
  console.log(clusters, order.length, newRank, checker.size, similarKeys, draftVerdict);
  // @ts-expect-error: an unknown format name is a type error
  parseIssues("x", "xml", undefined);
}

void main();
