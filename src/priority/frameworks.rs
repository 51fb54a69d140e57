//! The formulas: validate each input against its framework's published scale, pick the
//! best-sourced value, and compute the score with its explanation.

use std::borrow::Cow;

use super::extract::{Candidate, Raw};
use super::scale::{
    parse_number, quote, snap, Num, Score, MAX_INPUT, RICE_CONFIDENCE, RICE_IMPACT, WSJF_SCALE,
};
use super::{ConfidenceLevel, Framework, FrameworkScore, IceMethod, Input, PriorityConfig, Source};

/// A word a team may write instead of a number (Intercom's names for impact and
/// confidence levels).
fn word_value(fw: Framework, input: &str, s: &str) -> Option<f64> {
    let word: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    match (fw, input, word.as_str()) {
        (Framework::Rice, "impact", "massive") => Some(3.0),
        (Framework::Rice, "impact", "high") => Some(2.0),
        (Framework::Rice, "impact", "medium") => Some(1.0),
        (Framework::Rice, "impact", "low") => Some(0.5),
        (Framework::Rice, "impact", "minimal") => Some(0.25),
        (Framework::Rice, "confidence", "high") => Some(1.0),
        (Framework::Rice, "confidence", "medium") => Some(0.8),
        (Framework::Rice, "confidence", "low") => Some(0.5),
        _ => None,
    }
}

/// Validate one raw value for `fw`'s `input`: the value to use and the adjustments made,
/// or why it cannot be used.
pub(crate) fn normalise(
    fw: Framework,
    input: &str,
    raw: &Raw,
) -> Result<(f64, Vec<String>), String> {
    let (mut x, percent) = match raw {
        Raw::Num(x) => (*x, false),
        Raw::Text(s) => match parse_number(s) {
            Some(p) => (p.value, p.percent),
            None => match word_value(fw, input, s) {
                Some(v) => (v, false),
                None => return Err("not a number".to_string()),
            },
        },
    };
    if !x.is_finite() {
        return Err("not a finite number".to_string());
    }
    if x < 0.0 {
        return Err(format!("{} is negative", Num(x)));
    }
    let mut adj = Vec::new();
    if x > MAX_INPUT {
        adj.push(format!(
            "{} capped at {} so the score stays finite",
            Num(x),
            Num(MAX_INPUT)
        ));
        x = MAX_INPUT;
    }
    match (fw, input) {
        (Framework::Rice, "impact") => {
            let s = snap(x, &RICE_IMPACT);
            if s != x {
                adj.push(format!(
                    "{} is not on Intercom's impact scale (3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal); nearest value {} used",
                    Num(x),
                    Num(s)
                ));
            }
            x = s;
        }
        (Framework::Rice, "confidence") => {
            let as_fraction = if percent || x > 1.0 { x / 100.0 } else { x };
            let s = snap(as_fraction, &RICE_CONFIDENCE);
            if (s - as_fraction).abs() > 1e-9 {
                let mut note = format!(
                    "{}% is not one of Intercom's confidence levels (100% high, 80% medium, 50% low); {}% used",
                    Num(as_fraction * 100.0),
                    Num(s * 100.0)
                );
                if as_fraction < 0.5 {
                    note.push_str(" (below 50% is a \"total moonshot\" in Intercom's words)");
                }
                adj.push(note);
            }
            x = s;
        }
        (Framework::Rice, "effort")
        | (Framework::ValueEffort, "effort")
        | (Framework::Cd3, "duration")
            if x == 0.0 =>
        {
            return Err("must be greater than zero (the score divides by it)".to_string());
        }
        (Framework::Ice, _) => {
            if percent {
                adj.push(format!(
                    "{}% read as {} on ICE's 1–10 scale",
                    Num(x),
                    Num(x / 10.0)
                ));
                x /= 10.0;
            }
            let c = x.clamp(1.0, 10.0);
            if c != x {
                adj.push(format!(
                    "ICE ratings run from 1 to 10; {} clamped to {}",
                    Num(x),
                    Num(c)
                ));
            }
            x = c;
        }
        (Framework::Wsjf, _) => {
            let s = snap(x, &WSJF_SCALE);
            if s != x {
                let mut note = format!(
                    "{} is not on SAFe's modified Fibonacci scale (1, 2, 3, 5, 8, 13, 20); nearest value {} used",
                    Num(x),
                    Num(s)
                );
                if x > 20.0 && input == "job_size" {
                    note.push_str("; a job this large is a candidate for splitting");
                }
                adj.push(note);
            }
            x = s;
        }
        _ => {}
    }
    Ok((x, adj))
}

fn raw_text(raw: &Raw) -> String {
    match raw {
        Raw::Num(x) => Num(*x).to_string(),
        Raw::Text(s) => quote(s, 60),
    }
}

/// Pick each input of `fw` from the candidates (lowest precedence rank first) and score.
/// The chosen candidate's `from` and notes move into the [`Input`] (each candidate belongs
/// to one framework's input, so no other evaluation reads them).
pub(crate) fn evaluate(
    fw: Framework,
    candidates: &mut [Candidate],
    config: &PriorityConfig,
) -> FrameworkScore {
    let mut inputs = Vec::new();
    let mut missing = Vec::new();
    let mut notes = Vec::new();
    for &name in fw.inputs() {
        let of_input = |c: &Candidate| c.framework == fw && c.input == name;
        // Most inputs have no candidate or one: order (stably, by rank) only when there
        // are several, without collecting otherwise.
        let mut matching = candidates.iter().enumerate().filter(|(_, c)| of_input(c));
        let first = matching.next().map(|(i, _)| i);
        let several = matching.next().is_some();
        let order: Vec<usize> = if several {
            let mut idx: Vec<usize> = (0..candidates.len())
                .filter(|&i| candidates.get(i).is_some_and(of_input))
                .collect();
            crate::rules::sort::sort_by_key(&mut idx, |&i| {
                candidates.get(i).map_or(u8::MAX, |c| c.rank)
            });
            idx
        } else {
            first.into_iter().collect()
        };
        let mut chosen: Option<Input> = None;
        for i in order {
            let Some(c) = candidates.get_mut(i) else {
                continue;
            };
            match normalise(fw, name, &c.raw) {
                Ok((value, adj)) => match &chosen {
                    None => {
                        let mut adjustments = std::mem::take(&mut c.pre_notes);
                        adjustments.extend(adj);
                        chosen = Some(Input {
                            name: Cow::Borrowed(name),
                            value,
                            raw: raw_text(&c.raw),
                            source: c.source,
                            from: std::mem::take(&mut c.from),
                            adjustments,
                        });
                    }
                    Some(used) => {
                        let explicit = matches!(c.source, Source::Field | Source::Text);
                        if explicit && (used.value - value).abs() > 1e-9 {
                            notes.push(format!(
                                "{name}: {} gives {}, but {} ({}) takes precedence",
                                c.from,
                                raw_text(&c.raw),
                                used.from,
                                Num(used.value)
                            ));
                        }
                    }
                },
                Err(why) => notes.push(format!(
                    "{name}: {} `{}` not used: {why}",
                    c.from,
                    raw_text(&c.raw)
                )),
            }
        }
        match chosen {
            Some(input) => {
                if input.source == Source::Default {
                    missing.push(Cow::Borrowed(name));
                }
                inputs.push(input);
            }
            None => missing.push(Cow::Borrowed(name)),
        }
    }
    finish(fw, inputs, missing, notes, config)
}

/// Compute the score from chosen inputs; `missing` lists inputs the issue did not give.
pub(crate) fn finish(
    fw: Framework,
    inputs: Vec<Input>,
    missing: Vec<Cow<'static, str>>,
    notes: Vec<String>,
    config: &PriorityConfig,
) -> FrameworkScore {
    // At most four inputs per framework (RICE, WSJF); no allocation for the lookups.
    let mut values = [None::<f64>; 4];
    for (slot, n) in values.iter_mut().zip(fw.inputs()) {
        *slot = inputs.iter().find(|i| i.name == *n).map(|i| i.value);
    }
    let label = fw.label();
    let mut unfilled = fw
        .inputs()
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .peekable();
    let (score, explanation) = if unfilled.peek().is_some() {
        let mut text = format!("{label} not scored: missing ");
        for (k, n) in unfilled.enumerate() {
            if k > 0 {
                text.push_str(", ");
            }
            text.push_str(n);
        }
        (None, text)
    } else {
        let g = |i: usize| values.get(i).copied().flatten().unwrap_or(0.0);
        let f = |i: usize| Num(g(i));
        let (s, formula) = match fw {
            Framework::Rice => (
                g(0) * g(1) * g(2) / g(3),
                format!("{} × {} × {} ÷ {}", f(0), f(1), f(2), f(3)),
            ),
            Framework::Ice => match config.ice_method {
                IceMethod::Product => (
                    g(0) * g(1) * g(2),
                    format!("{} × {} × {}", f(0), f(1), f(2)),
                ),
                IceMethod::Average => (
                    (g(0) + g(1) + g(2)) / 3.0,
                    format!("({} + {} + {}) ÷ 3", f(0), f(1), f(2)),
                ),
            },
            Framework::Wsjf => (
                (g(0) + g(1) + g(2)) / g(3),
                format!("({} + {} + {}) ÷ {}", f(0), f(1), f(2), f(3)),
            ),
            Framework::Cd3 | Framework::ValueEffort => {
                (g(0) / g(1), format!("{} ÷ {}", f(0), f(1)))
            }
        };
        if s.is_finite() {
            (Some(s), format!("{label} {} = {formula}", Score(s)))
        } else {
            (
                None,
                format!("{label} not scored: {formula} is not a finite number"),
            )
        }
    };
    let confidence = if score.is_some() && !inputs.is_empty() {
        let mean = inputs.iter().map(|i| i.source.weight()).sum::<f64>() / inputs.len() as f64;
        // Three decimals: 0.7, not 0.7000000000000001, in the JSON report.
        (mean * 1000.0).round() / 1000.0
    } else {
        0.0
    };
    FrameworkScore {
        framework: fw,
        score,
        explanation,
        inputs,
        missing,
        confidence,
        confidence_level: ConfidenceLevel::from_value(confidence),
        notes,
    }
}
