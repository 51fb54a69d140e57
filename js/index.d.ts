// Types of the ergonomic entry (index.js), written by hand against the types generated
// from the Rust core (readylens.d.ts in the package, src/types.d.ts in the repository).

import type {
  Candidate,
  Config,
  Doc,
  DuplicateReport,
  Estimate,
  Format,
  Framework,
  Imported,
  Issue,
  IssueKind,
  IssueReport,
  Preset,
  PriorityReport,
  Report,
  Tracker,
} from './readylens.js';

export type * from './readylens.js';

/** What `init()` can load the WebAssembly module from. */
export type InitInput =
  | string
  | URL
  | Request
  | Response
  | BufferSource
  | WebAssembly.Module
  | Promise<Response>
  | { module_or_path: string | URL | Request | Response | BufferSource | WebAssembly.Module };

/** A configuration, whole (`defaultConfig()`) or only the parts a team changes (any section, partly). */
export type ConfigInput = { [K in keyof Config]?: Partial<Config[K]> } & { $comment?: string };

/** What the backlog functions accept: issues, the result of `parse()`, or export text. */
export type BacklogInput = Issue[] | Imported | string;

/**
 * An issue being written. Text fields may be plain or Markdown text; `kind` may be a
 * tracker's type name ("User Story"); any other `Issue` field is kept as given.
 */
export type Draft = {
  title?: string;
  description?: string | Doc;
  acceptanceCriteria?: string | Doc;
  acceptance_criteria?: string | Doc;
  kind?: IssueKind | string;
  /** The key of the issue being edited ('' for a new one): never reported as its own duplicate. */
  key?: string;
  tracker?: Tracker;
  /** A number is story points. */
  estimate?: number | Estimate;
} & Partial<Omit<Issue, 'title' | 'description' | 'acceptance_criteria' | 'kind' | 'key' | 'tracker' | 'estimate'>>;

/** One row of `scoreBacklog()`, best first. */
export interface RankedIssue {
  /** 1-based rank. */
  position: number;
  /** Position of the issue in the input. */
  index: number;
  key: string;
  title: string;
  framework: Framework;
  /** The framework's score, null when an input is missing and has no team default. */
  score: number | null;
  /** The inputs the issue does not give. */
  missing: string[];
  /** "RICE 266.7 = 500 × 2 × 0.8 ÷ 3", or why there is no score. */
  explanation: string;
  /** Every framework's score with the provenance of its inputs. */
  priority: PriorityReport;
}

/** A likely duplicate of a draft, with the backlog issue's title and link. */
export type SimilarIssue = Candidate & { title: string; url: string | null };

/**
 * Load the WebAssembly module (idempotent; concurrent calls share one load; a failed
 * load is retried by the next call). Without `input`, the `readylens_bg.wasm` beside the
 * package entry is fetched (browsers, Workers, bundlers) or read from disk (Node).
 */
export function init(input?: InitInput): Promise<void>;

/** Has the WebAssembly module been loaded? */
export function isReady(): boolean;

/** Parse a tracker export or payload into normalised issues. */
export function parse(text: string, options?: { format?: Format | 'auto'; source?: string }): Imported;

/** Analyse a backlog: per-issue verdicts, findings, priority, KPI hints, duplicates, and the backlog summary. */
export function analyze(input: BacklogInput, config?: ConfigInput | null, options?: { format?: Format | 'auto' }): Report;

/** Rank a backlog by a priority framework (default: the configuration's primary), best first. */
export function scoreBacklog(
  input: BacklogInput | Report,
  config?: ConfigInput | null,
  options?: { framework?: Framework; format?: Format | 'auto' },
): RankedIssue[];

/** Likely duplicates across a backlog, per issue (input order), and their clusters. */
export function findDuplicates(
  input: BacklogInput,
  options?: { top?: number; threshold?: number; format?: Format | 'auto' },
  config?: ConfigInput | null,
): DuplicateReport;

/** The default configuration, every section filled in, with a Definition of Ready preset when given. */
export function defaultConfig(preset?: Preset): Config;

/** The core's version. */
export function version(): string;

/** The names of every input format. */
export function formats(): Format[];

/** The full `Issue` the core checks for a draft. */
export function draftIssue(draft: Draft): Issue;

/** Quality findings, Definition of Ready preview, priority and KPI hints for an issue being written. */
export function lintDraft(draft: Draft | Issue, config?: ConfigInput | null): IssueReport;

/** Most candidates `similar()` returns. */
export const MAX_SIMILAR: 50;

/** A duplicate index over a backlog. Holds WebAssembly memory: `free()` it (or `using`) when done. */
export class DuplicateIndex {
  private constructor();
  /** How many issues are indexed. */
  readonly size: number;
  /** Release the index's memory. */
  free(): void;
  [Symbol.dispose](): void;
}

/** Index a backlog for `similar()`; the configuration's `duplicates.threshold` and `top` apply. */
export function buildIndex(input: BacklogInput, config?: ConfigInput | null): DuplicateIndex;

/** The backlog issues most like a draft, best first, above the index's threshold (at most `k`, up to 50). */
export function similar(draft: Draft | Issue, index: DuplicateIndex, k?: number): SimilarIssue[];
