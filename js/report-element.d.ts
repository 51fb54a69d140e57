// Types of the <readylens-report> custom element (report-element.js).

import type { Issue, Imported, Report } from './readylens.js';
import type { ConfigInput } from './index.js';

/** The tag name importing this module defines. */
export const TAG: 'readylens-report';

/** A table column, also a sort key. */
export type ReportColumn = 'key' | 'title' | 'kind' | 'verdict' | 'score' | 'findings' | 'kpi' | 'duplicates';

/**
 * `<readylens-report>`: headline numbers, readiness / findings-by-rule / KPI-coverage
 * charts and a sortable table of a backlog's analysis.
 *
 * Attributes: `caption` (the table caption), `page-size` (rows shown before "Show more",
 * default 200). The `state` attribute is set by the element: `analysing`, `ready`,
 * `empty` or `error`.
 * Events: `readylens-rendered` (`detail.report`), `readylens-error` (`detail.error`).
 */
export class ReadylensReportElement extends HTMLElement {
  /** Issues (as from `parse()`), analysed by the element with `config` unless `report` is set. */
  get issues(): Issue[] | null;
  set issues(value: Issue[] | Imported | null);
  /** The analysis shown; set one made elsewhere, or null to analyse `issues` again. */
  get report(): Report | null;
  set report(value: Report | null);
  /** The configuration used when the element analyses `issues`. */
  get config(): ConfigInput | null;
  set config(value: ConfigInput | null);
  /** The current sort. */
  readonly sort: { column: ReportColumn; direction: 'asc' | 'desc' };
  /** Sort by a column; the same column again flips the direction. */
  sortBy(column: ReportColumn, direction?: 'asc' | 'desc'): void;
}

/** Define the element under `name` (default `readylens-report`); idempotent. */
export function defineReportElement(name?: string): CustomElementConstructor | undefined;

declare global {
  interface HTMLElementTagNameMap {
    'readylens-report': ReadylensReportElement;
  }
  interface HTMLElementEventMap {
    'readylens-rendered': CustomEvent<{ report: Report | null }>;
    'readylens-error': CustomEvent<{ error: unknown }>;
  }
}
