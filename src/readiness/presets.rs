//! Preset severities per check, and how a team's overrides apply to them.

use super::checks::Check;
use super::{parse_level, CheckSetting, Preset, ReadinessConfig};
use crate::diagnostic::Severity;
use crate::model::IssueKind;

use Severity::{Error as E, Info as I, Warning as W};

/// `(check id, [minimal, scrum, safe, strict])`; `None` = off in that preset.
const TABLE: &[(&str, [Option<Severity>; 4])] = &[
    ("ready/title", [Some(E), Some(E), Some(E), Some(E)]),
    ("ready/description", [Some(E), Some(E), Some(E), Some(E)]),
    ("ready/story-format", [None, Some(W), Some(W), Some(E)]),
    (
        "ready/acceptance-criteria",
        [Some(W), Some(E), Some(E), Some(E)],
    ),
    ("ready/estimate", [Some(W), Some(E), Some(E), Some(E)]),
    ("ready/estimate-size", [Some(W), Some(W), Some(E), Some(E)]),
    ("ready/priority", [None, Some(E), Some(E), Some(E)]),
    ("ready/parent", [None, None, Some(E), Some(E)]),
    ("ready/dependencies", [Some(E), Some(E), Some(E), Some(E)]),
    (
        "ready/dependencies-linked",
        [Some(I), Some(W), Some(W), Some(E)],
    ),
    ("ready/open-questions", [Some(E), Some(E), Some(E), Some(E)]),
    ("ready/assignee", [None, None, None, Some(E)]),
    ("ready/design-link", [None, None, None, Some(E)]),
    ("ready/success-metric", [None, Some(W), Some(E), Some(E)]),
    ("ready/not-stale", [None, Some(W), Some(W), Some(E)]),
    ("ready/not-flagged", [Some(E), Some(E), Some(E), Some(E)]),
];

fn preset_index(p: Preset) -> usize {
    match p {
        Preset::Minimal => 0,
        Preset::Scrum => 1,
        Preset::Safe => 2,
        Preset::Strict => 3,
    }
}

/// The preset's severity for a check, before overrides and issue types.
pub(super) fn preset_severity(id: &str, preset: Preset) -> Option<Severity> {
    TABLE
        .iter()
        .find(|(tid, _)| *tid == id)
        .and_then(|(_, levels)| levels.get(preset_index(preset)).copied().flatten())
}

/// The severity `check` has for an issue of `kind` under `config`, or `None` when it
/// does not apply. Soft types are capped at warning: a task or an issue of unknown type
/// is not failed for missing story-only artefacts.
pub(super) fn severity(
    check: &Check,
    kind: IssueKind,
    config: &ReadinessConfig,
) -> Option<Severity> {
    let mut level = preset_severity(check.id, config.preset);
    let mut types: Option<&[IssueKind]> = None;
    match config.checks.get(check.id) {
        Some(CheckSetting::Level(l)) => level = parse_level(l).ok().flatten(),
        Some(CheckSetting::Detailed(o)) => {
            if let Some(l) = &o.severity {
                level = parse_level(l).ok().flatten();
            }
            if !o.types.is_empty() {
                types = Some(&o.types);
            }
        }
        None => {}
    }
    let level = level?;
    match types {
        Some(t) => t.contains(&kind).then_some(level),
        None if check.types.contains(&kind) => Some(level),
        // An issue of unknown type may not need story artefacts at all: a note only.
        None if check.soft_types.contains(&kind) && kind == IssueKind::Other => Some(I),
        None if check.soft_types.contains(&kind) => Some(level.max(Severity::Warning)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_a_preset_row_and_every_row_a_check() {
        for c in super::super::CHECKS {
            assert!(
                TABLE.iter().any(|(id, _)| *id == c.id),
                "{} has no preset row",
                c.id
            );
        }
        for (id, _) in TABLE {
            assert!(
                super::super::CHECKS.iter().any(|c| c.id == *id),
                "{id} is not a check"
            );
        }
    }
}
