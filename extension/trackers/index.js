// The tracker modules and how the content script picks one: the host name first (the
// cloud domains), then page markers, so self-hosted instances on any granted host work.

import { azureDevops } from './azure-devops.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { jira } from './jira.js';
import { linear } from './linear.js';

/** Every tracker module, in detection order. */
export const TRACKERS = [jira, gitlab, azureDevops, github, linear];

/**
 * The tracker this page belongs to, or null when it is not a tracker page.
 * @param {Document} doc
 * @param {Location|URL} loc
 * @param {import('./common.js').TrackerModule[]} [trackers]
 * @returns {import('./common.js').TrackerModule|null}
 */
export function pickTracker(doc, loc, trackers = TRACKERS) {
  for (const t of trackers) if (t.hostMatch(loc)) return t;
  for (const t of trackers) {
    try {
      if (t.detect(doc, loc)) return t;
    } catch {
      // A detector must never break the page; treat errors as "not this tracker".
    }
  }
  return null;
}
