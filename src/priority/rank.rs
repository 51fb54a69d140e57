//! The backlog view: a deterministic ranking with explained ties, rank inversions
//! against the tracker's own order, and what-if re-scoring.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::extract::Raw;
use super::frameworks::{finish, normalise};
use super::scale::fmt_num;
use super::{Framework, FrameworkScore, Input, PriorityConfig, PriorityReport, Source};

/// Scores equal to ten significant digits are ties (so `0.1 + 0.2` ties `0.3`).
fn quantise(x: f64) -> f64 {
    // `+ 0.0` turns -0 into 0 so both land in the same tie group.
    format!("{x:.9e}").parse().unwrap_or(x) + 0.0
}

fn key(reports: &[PriorityReport], i: usize, fw: Framework) -> (Option<f64>, usize) {
    match reports.get(i).and_then(|r| r.get(fw)) {
        Some(s) => (s.score.map(quantise), s.missing.len()),
        None => (None, fw.inputs().len()),
    }
}

/// Indices of `reports` in priority order by `framework`. Deterministic: score
/// descending; equal scores by fewer missing inputs (inputs filled by a team default
/// count as missing); then original (tracker) order. Issues without a score come last,
/// by fewer missing inputs, then original order.
pub fn rank(reports: &[PriorityReport], framework: Framework) -> Vec<usize> {
    let keys: Vec<(Option<f64>, usize)> = (0..reports.len())
        .map(|i| key(reports, i, framework))
        .collect();
    let mut idx: Vec<usize> = (0..reports.len()).collect();
    crate::rules::sort::sort_by(&mut idx, |&a, &b| {
        let (sa, ma) = keys.get(a).copied().unwrap_or((None, usize::MAX));
        let (sb, mb) = keys.get(b).copied().unwrap_or((None, usize::MAX));
        let by_score = match (sa, sb) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        by_score.then(ma.cmp(&mb)).then(a.cmp(&b))
    });
    idx
}

/// At most this many tied issues are listed per row, so a backlog of identical scores
/// does not produce a quadratic report.
pub const MAX_TIES_LISTED: usize = 10;

/// What placed an issue after the one ranked just above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum TieBreak {
    /// A lower score (or the first issue).
    Score,
    /// The same score, more missing inputs.
    MissingInputs,
    /// The same score and missing inputs: the tracker's order.
    OriginalOrder,
    /// No score: after every scored issue.
    Unscored,
}

/// One row of the ranked backlog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RankedItem {
    /// Position of the issue in the analysed backlog.
    pub index: usize,
    /// 1-based rank.
    pub position: usize,
    pub score: Option<f64>,
    /// Number of missing inputs (the first tie-break).
    pub missing: usize,
    /// How many other issues have the same score.
    pub tie_count: usize,
    /// Indices of other issues with the same score, in rank order (at most
    /// [`MAX_TIES_LISTED`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tied_with: Vec<usize>,
    pub decided_by: TieBreak,
    /// The framework's explanation for this issue.
    pub explanation: String,
}

/// [`rank`] with each row's score, ties and the tie-break that decided its place.
pub fn ranking(reports: &[PriorityReport], framework: Framework) -> Vec<RankedItem> {
    let order = rank(reports, framework);
    let keys: Vec<(Option<f64>, usize)> = (0..reports.len())
        .map(|i| key(reports, i, framework))
        .collect();
    // Issues by (quantised) score, in rank order, to name ties in linear time.
    let mut groups: std::collections::HashMap<u64, Vec<usize>> = Default::default();
    for &i in &order {
        if let Some(Some(x)) = keys.get(i).map(|k| k.0) {
            groups.entry(x.to_bits()).or_default().push(i);
        }
    }
    let mut out: Vec<RankedItem> = Vec::with_capacity(order.len());
    let mut prev: Option<(Option<f64>, usize)> = None;
    for (pos, &i) in order.iter().enumerate() {
        let (s, m) = keys.get(i).copied().unwrap_or((None, 0));
        let decided_by = match (prev, s) {
            (None, Some(_)) => TieBreak::Score,
            (None, None) | (Some((Some(_), _)), None) => TieBreak::Unscored,
            (Some((ps, pm)), _) if ps == s => {
                if pm != m {
                    TieBreak::MissingInputs
                } else {
                    TieBreak::OriginalOrder
                }
            }
            _ => TieBreak::Score,
        };
        let group: &[usize] = s
            .and_then(|x| groups.get(&x.to_bits()))
            .map_or(&[], Vec::as_slice);
        let tie_count = group.len().saturating_sub(1);
        let tied_with = group
            .iter()
            .copied()
            .filter(|&j| j != i)
            .take(MAX_TIES_LISTED)
            .collect();
        let explanation = reports
            .get(i)
            .and_then(|r| r.get(framework))
            .map(|f| f.explanation.clone())
            .unwrap_or_else(|| format!("{} not computed", framework.label()));
        out.push(RankedItem {
            index: i,
            position: pos + 1,
            score: reports.get(i).and_then(|r| r.score_of(framework)),
            missing: m,
            tie_count,
            tied_with,
            decided_by,
            explanation,
        });
        prev = Some((s, m));
    }
    out
}

/// Which way the tracker and the score disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum InversionKind {
    /// Near the top in the tracker, in the bottom half by score.
    TrackerHigher,
    /// Near the top by score, in the bottom half in the tracker.
    ScoreHigher,
}

/// An issue the tracker and the score place far apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Inversion {
    pub index: usize,
    /// 1-based place among the scored issues in the tracker's order.
    pub tracker_position: usize,
    /// 1-based place among the scored issues by score.
    pub score_position: usize,
    pub kind: InversionKind,
    pub explanation: String,
}

/// Issues in the top quarter of one order and the bottom half of the other, among the
/// issues `framework` could score (at least four). The tracker's order is its priority
/// level (Highest first; none last), then the backlog order the issues came in.
pub fn inversions(reports: &[PriorityReport], framework: Framework) -> Vec<Inversion> {
    let by_score: Vec<usize> = rank(reports, framework)
        .into_iter()
        .filter(|&i| reports.get(i).and_then(|r| r.score_of(framework)).is_some())
        .collect();
    let n = by_score.len();
    if n < 4 {
        return Vec::new();
    }
    let level = |i: usize| {
        reports
            .get(i)
            .and_then(|r| r.tracker_priority.as_ref())
            .map_or(u8::MAX, |t| t.level)
    };
    let mut by_tracker = by_score.clone();
    crate::rules::sort::sort_by(&mut by_tracker, |&a, &b| {
        level(a).cmp(&level(b)).then(a.cmp(&b))
    });
    let top = n.div_ceil(4);
    let bottom_from = n - n / 2;
    let mut score_pos = vec![usize::MAX; reports.len()];
    for (p, &i) in by_score.iter().enumerate() {
        if let Some(slot) = score_pos.get_mut(i) {
            *slot = p;
        }
    }
    let mut out = Vec::new();
    for (tp, &i) in by_tracker.iter().enumerate() {
        let Some(&sp) = score_pos.get(i).filter(|p| **p != usize::MAX) else {
            continue;
        };
        let kind = if tp < top && sp >= bottom_from {
            InversionKind::TrackerHigher
        } else if sp < top && tp >= bottom_from {
            InversionKind::ScoreHigher
        } else {
            continue;
        };
        let r = reports.get(i);
        let tracker = match r.and_then(|r| r.tracker_priority.as_ref()) {
            Some(t) => format!("priority `{}`", t.name),
            None => "backlog order".to_string(),
        };
        let expl = r
            .and_then(|r| r.get(framework))
            .map(|f| f.explanation.clone())
            .unwrap_or_default();
        let explanation = match kind {
            InversionKind::TrackerHigher => format!(
                "ranked {} of {n} in the tracker ({tracker}) but {} of {n} by {}: {expl}",
                tp + 1,
                sp + 1,
                framework.label()
            ),
            InversionKind::ScoreHigher => format!(
                "ranked {} of {n} by {} but only {} of {n} in the tracker ({tracker}): {expl}",
                sp + 1,
                framework.label(),
                tp + 1
            ),
        };
        out.push(Inversion {
            index: i,
            tracker_position: tp + 1,
            score_position: sp + 1,
            kind,
            explanation,
        });
    }
    crate::rules::sort::sort_by_key(&mut out, |v| v.index);
    out
}

/// A changed input for [`what_if`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InputChange {
    /// The input's name within the framework (`reach`, `job_size`, …).
    pub input: String,
    pub value: f64,
}

/// Re-score `framework` in `report` with `changes` applied, without reading the issue
/// again. Changed values are validated like any other input (snapped to the scale, with
/// a note) and carry source `what-if`.
pub fn what_if(
    report: &PriorityReport,
    framework: Framework,
    changes: &[InputChange],
    config: &PriorityConfig,
) -> PriorityReport {
    let mut out = report.clone();
    let base: FrameworkScore = report.get(framework).cloned().unwrap_or_else(|| {
        finish(
            framework,
            Vec::new(),
            framework
                .inputs()
                .iter()
                .map(|&s| Cow::Borrowed(s))
                .collect(),
            Vec::new(),
            config,
        )
    });
    let mut inputs = base.inputs;
    let mut missing = base.missing;
    let mut notes = base.notes;
    for ch in changes {
        let Some(&name) = framework.inputs().iter().find(|n| **n == ch.input) else {
            notes.push(format!(
                "what-if: `{}` is not a {} input ({})",
                ch.input,
                framework.label(),
                framework.inputs().join(", ")
            ));
            continue;
        };
        match normalise(framework, name, &Raw::Num(ch.value)) {
            Ok((value, adjustments)) => {
                inputs.retain(|i| i.name != name);
                missing.retain(|m| m != name);
                inputs.push(Input {
                    name: Cow::Borrowed(name),
                    value,
                    raw: fmt_num(ch.value),
                    source: Source::WhatIf,
                    from: "what-if".to_string(),
                    adjustments,
                });
            }
            Err(why) => notes.push(format!("what-if: {name} not changed: {why}")),
        }
    }
    let order = |i: &Input| {
        framework
            .inputs()
            .iter()
            .position(|n| *n == i.name)
            .unwrap_or(usize::MAX)
    };
    crate::rules::sort::sort_by_key(&mut inputs, order);
    let fs = finish(framework, inputs, missing, notes, config);
    if out.primary == Some(framework) {
        out.primary_score = fs.score;
    }
    match out.scores.iter_mut().find(|s| s.framework == framework) {
        Some(slot) => *slot = fs,
        None => {
            out.scores.push(fs);
            crate::rules::sort::sort_by_key(&mut out.scores, |s| s.framework);
        }
    }
    out
}

/// [`what_if`] on issue `index` of a backlog, with its new 1-based rank by `framework`.
/// `None` when `index` is out of range.
pub fn what_if_rank(
    reports: &[PriorityReport],
    index: usize,
    framework: Framework,
    changes: &[InputChange],
    config: &PriorityConfig,
) -> Option<(PriorityReport, usize)> {
    let new = what_if(reports.get(index)?, framework, changes, config);
    let mut all = reports.to_vec();
    *all.get_mut(index)? = new.clone();
    let pos = rank(&all, framework).iter().position(|&i| i == index)?;
    Some((new, pos + 1))
}

/// DSDM's check on a MoSCoW-classified backlog: Must-haves should take no more than
/// about 60 % of the effort of the timebox (DSDM Agile Project Framework, ch. 10
/// "MoSCoW Prioritisation"), so the Should and Could work leaves room for contingency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MoscowBalance {
    pub must: usize,
    pub should: usize,
    pub could: usize,
    pub wont: usize,
    pub unclassified: usize,
    /// Must / Should / Could issues whose effort (person-months) is known.
    pub with_effort: usize,
    /// Must-have share of the known Must + Should + Could effort, 0–1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_effort_share: Option<f64>,
    /// True when the share is above DSDM's 60 %.
    pub over_guideline: bool,
    pub explanation: String,
}

/// The effort (person-months) a report used, from RICE or value ÷ effort.
fn effort_of(r: &PriorityReport) -> Option<f64> {
    [Framework::Rice, Framework::ValueEffort]
        .iter()
        .filter_map(|fw| r.get(*fw))
        .flat_map(|s| s.inputs.iter())
        .find(|i| i.name == "effort")
        .map(|i| i.value)
        .filter(|v| v.is_finite() && *v > 0.0)
}

/// Count MoSCoW classes and check DSDM's Must-have effort guideline. Won't-haves are
/// outside the timebox and do not count towards the effort.
pub fn moscow_balance(reports: &[PriorityReport]) -> MoscowBalance {
    use super::Moscow;
    let mut b = MoscowBalance::default();
    let (mut must_pm, mut all_pm) = (0.0f64, 0.0f64);
    for r in reports {
        let Some(m) = r.moscow.as_ref().map(|m| m.category) else {
            b.unclassified += 1;
            continue;
        };
        match m {
            Moscow::Must => b.must += 1,
            Moscow::Should => b.should += 1,
            Moscow::Could => b.could += 1,
            Moscow::Wont => {
                b.wont += 1;
                continue;
            }
        }
        if let Some(e) = effort_of(r) {
            b.with_effort += 1;
            all_pm += e;
            if m == Moscow::Must {
                must_pm += e;
            }
        }
    }
    if all_pm > 0.0 && all_pm.is_finite() {
        let share = must_pm / all_pm;
        b.must_effort_share = Some(share);
        b.over_guideline = share > 0.6;
        b.explanation = format!(
            "Must have: {} of {} person-months ({}%) of the Must/Should/Could effort with an estimate; DSDM recommends at most 60%",
            fmt_num(must_pm),
            fmt_num(all_pm),
            fmt_num((share * 100.0).round())
        );
    } else {
        b.explanation = format!(
            "{} Must, {} Should, {} Could, {} Won't; no effort known, so DSDM's 60% Must-have guideline cannot be checked",
            b.must, b.should, b.could, b.wont
        );
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantise_makes_float_noise_a_tie() {
        assert_eq!(quantise(0.1 + 0.2), quantise(0.3));
        assert_ne!(quantise(1.0), quantise(1.000_001));
        assert_eq!(fmt_num(quantise(266.666_666_666_6)), "266.67");
    }
}
