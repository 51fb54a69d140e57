//! Evaluate the story and acceptance-criteria rules on real, human-labelled data and
//! write `docs/rules-eval.md`.
//!
//! ```sh
//! cargo run --release --example rules_eval            # data in ../shared/data
//! READYLENS_DATA=/path/to/data cargo run --release --example rules_eval
//! ```
//!
//! Data (skipped, with a message, when absent):
//! - `stories/ustai/UStAI-annotated_updated.csv`: 1,260 stories with QUS labels
//!   (Yamani, Baslyman & Ahmed, PROMISE '25, doi 10.1145/3727582.3728689);
//! - `stories/story-spans/*.jsonl`: 18 backlogs with hand-labelled Persona/Benefit
//!   spans (repository `ace-design/nlp-stories`);
//! - `issues/deepse/*.csv`: 23,313 Jira issues (Choetkiertikul et al., IEEE TSE 2018).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use readylens::diagnostic::Diagnostic;
use readylens::model::{Doc, Issue, IssueKind, Tracker};
use readylens::rules::{self, check_all, parse_story, RulesConfig, REGISTRY};

#[derive(Default, Clone, Copy)]
struct Prf {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Prf {
    fn add(&mut self, predicted: bool, gold: bool) {
        match (predicted, gold) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn p(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn r(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// The same counts seen from the other class ("the story is fine").
    fn flipped(&self) -> Prf {
        Prf {
            tp: self.tn,
            fp: self.fn_,
            fn_: self.fp,
            tn: self.tp,
        }
    }
    fn row(&self, name: &str, extra: &str) -> String {
        format!(
            "| {name} | {} | {} | {} | {} | {:.3} | {:.3} | **{:.3}** | {extra} |\n",
            self.tp + self.fn_,
            self.tp,
            self.fp,
            self.fn_,
            self.p(),
            self.r(),
            self.f1()
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("READYLENS_DATA") {
        return PathBuf::from(d);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

fn fired(ds: &[Diagnostic], rule: &str) -> bool {
    ds.iter().any(|d| d.rule == rule)
}

fn story_issue(key: &str, text: &str) -> Issue {
    Issue {
        tracker: Tracker::Text,
        key: key.to_string(),
        kind: IssueKind::Story,
        title: text.trim().to_string(),
        ..Default::default()
    }
}

// ------------------------------------------------------------------------------------
// UStAI

fn eval_ustai(path: &Path, out: &mut String) -> Result<(), String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (
        Some(c_id),
        Some(c_abs),
        Some(c_story),
        Some(c_atomic),
        Some(c_min),
        Some(c_unamb),
        Some(c_unique),
        Some(c_prob),
    ) = (
        col("ID"),
        col("Abstract"),
        col("User story"),
        col("atomic"),
        col("minimal"),
        col("Unambiguous"),
        col("Unique"),
        col("Problem-oriented"),
    )
    else {
        return Err("UStAI: unexpected columns".into());
    };
    struct Row {
        abs: String,
        atomic: String,
        minimal: String,
        unamb: String,
        unique: String,
        problem: String,
    }
    let mut rows = Vec::new();
    let mut issues = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let g = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        let story = g(c_story);
        if story.is_empty() {
            continue;
        }
        issues.push(story_issue(&g(c_id), &story));
        rows.push(Row {
            abs: g(c_abs),
            atomic: g(c_atomic),
            minimal: g(c_min),
            unamb: g(c_unamb),
            unique: g(c_unique),
            problem: g(c_prob),
        });
    }
    // Each abstract's stories form one backlog (uniqueness is judged within it).
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        groups.entry(r.abs.as_str()).or_default().push(i);
    }
    let cfg = RulesConfig::default();
    let mut diags: Vec<Vec<Diagnostic>> = vec![Vec::new(); rows.len()];
    let t0 = Instant::now();
    for idx in groups.values() {
        let backlog: Vec<Issue> = idx.iter().filter_map(|&i| issues.get(i).cloned()).collect();
        for (k, ds) in check_all(&backlog, &cfg).into_iter().enumerate() {
            if let Some(&i) = idx.get(k) {
                diags[i] = ds;
            }
        }
    }
    let elapsed = t0.elapsed();
    let mut atomic = Prf::default();
    let mut minimal = Prf::default();
    let mut vague = Prf::default();
    let mut vague_general = Prf::default();
    let mut unique = Prf::default();
    let mut problem = Prf::default();
    let mut parsed = 0;
    // READYLENS_EVAL_DUMP=file.tsv: one line per story (id, labels, rule verdicts, parts)
    // for reading the disagreements.
    if let Some(p) = std::env::var_os("READYLENS_EVAL_DUMP") {
        let mut d = String::from(
            "id\tabstract\tatomic\tminimal\tfired_atomic\tfired_minimal\tmeans\tends\tstory\n",
        );
        for ((r, ds), i) in rows.iter().zip(&diags).zip(&issues) {
            let st = parse_story(&i.title);
            let part = |s: Option<readylens::diagnostic::Span>| {
                st.as_ref()
                    .map(|_| rules::Story::slice(&i.title, s).replace(['\t', '\n'], " "))
                    .unwrap_or_default()
            };
            let _ = writeln!(
                d,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                i.key,
                r.abs,
                r.atomic,
                r.minimal,
                fired(ds, "story/atomic"),
                fired(ds, "story/minimal"),
                part(st.as_ref().and_then(|s| s.means)),
                part(st.as_ref().and_then(|s| s.ends)),
                i.title.replace(['\t', '\n'], " ")
            );
        }
        std::fs::write(p, d).map_err(|e| e.to_string())?;
    }
    // Halves by abstract: odd abstracts are the development half (their disagreements
    // were read while changing the rules), even abstracts the held-out half.
    let mut atomic_half = [Prf::default(); 2];
    let mut minimal_half = [Prf::default(); 2];
    // Label drift: the share of stories with a conjunction in the means labelled
    // `conjunctions`, per abstract.
    let mut drift: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    // The same for brackets and `minimal`: [early (stories, labelled), late (…)].
    let mut bracket_drift = [(0usize, 0usize); 2];
    for ((r, ds), i) in rows.iter().zip(&diags).zip(&issues) {
        let n: usize = r.abs.trim_start_matches('A').parse().unwrap_or_default();
        let half = usize::from(n % 2 == 0);
        if let Some(h) = atomic_half.get_mut(half) {
            h.add(fired(ds, "story/atomic"), r.atomic == "conjunctions");
        }
        if let Some(h) = minimal_half.get_mut(half) {
            h.add(fired(ds, "story/minimal"), r.minimal != "minimal");
        }
        let m = parse_story(&i.title)
            .map(|st| rules::Story::slice(&i.title, st.means).to_lowercase())
            .unwrap_or_default();
        if has_conjunction(&m) {
            let e = drift.entry(n).or_default();
            e.0 += 1;
            e.1 += usize::from(r.atomic == "conjunctions");
        }
        if i.title.contains('(') {
            if let Some(b) = bracket_drift.get_mut(usize::from(n > 11)) {
                b.0 += 1;
                b.1 += usize::from(r.minimal != "minimal");
            }
        }
    }
    for (r, ds) in rows.iter().zip(&diags) {
        atomic.add(fired(ds, "story/atomic"), r.atomic == "conjunctions");
        minimal.add(fired(ds, "story/minimal"), r.minimal != "minimal");
        if !r.unamb.is_empty() {
            vague.add(fired(ds, "story/vague"), r.unamb == "Vagueness");
            vague_general.add(
                fired(ds, "story/vague"),
                r.unamb == "Vagueness" || r.unamb == "General",
            );
        }
        if !r.unique.is_empty() {
            unique.add(
                fired(ds, "story/unique"),
                r.unique == "isSemDuplicate" || r.unique == "diffRoleSameStory",
            );
        }
        if !r.problem.is_empty() {
            problem.add(
                fired(ds, "story/solution-oriented"),
                r.problem == "solution_oriented",
            );
        }
    }
    // How separable is the atomic label by conjunctions at all?
    let (mut conj_in_atomic, mut conj_in_conj, mut n_atomic, mut n_conj) = (0, 0, 0, 0);
    let mut naive = Prf::default();
    for (i, r) in issues.iter().zip(&rows) {
        let Some(st) = parse_story(&i.title) else {
            continue;
        };
        if st.means.is_some() {
            parsed += 1;
        }
        let m = rules::Story::slice(&i.title, st.means).to_lowercase();
        let has = has_conjunction(&m);
        naive.add(has, r.atomic == "conjunctions");
        if r.atomic == "conjunctions" {
            n_conj += 1;
            conj_in_conj += usize::from(has);
        } else {
            n_atomic += 1;
            conj_in_atomic += usize::from(has);
        }
    }
    let _ = writeln!(
        out,
        "## UStAI: story rules against human labels\n\n{} stories, {} parsed with a means; each abstract's stories are one backlog ({} backlogs).\nA positive is a *defect* (the label says the story breaks the criterion, the rule fires).\n",
        rows.len(),
        parsed,
        groups.len(),
    );
    eprintln!("UStAI checked in {:.2} s", elapsed.as_secs_f64());
    out.push_str("| rule vs label | defects | TP | FP | FN | precision | recall | F1 | note |\n|---|---|---|---|---|---|---|---|---|\n");
    out.push_str(&atomic.row(
        "`story/atomic` vs atomic = conjunctions",
        "target F1 ≥ 0.85; AQUSA P 0.91 / R 0.72 on another set",
    ));
    out.push_str(&atomic.flipped().row(
        "`story/atomic` silent vs atomic = atomic",
        "same counts, the *clean* class as positive",
    ));
    for (h, name) in atomic_half.iter().zip(["development", "held-out"]) {
        out.push_str(&h.row(
            &format!(
                "`story/atomic`, {name} half ({} abstracts)",
                if name == "held-out" { "even" } else { "odd" }
            ),
            "same rule, half of the stories; the first reading of disagreements, before the split, saw both halves",
        ));
    }
    out.push_str(&minimal.row(
        "`story/minimal` vs minimal ≠ minimal",
        "target F1 ≥ 0.6; AQUSA minimal recall ≈ 0.2",
    ));
    for (h, name) in minimal_half.iter().zip(["development", "held-out"]) {
        out.push_str(&h.row(
            &format!(
                "`story/minimal`, {name} half ({} abstracts)",
                if name == "held-out" { "even" } else { "odd" }
            ),
            "same rule, half of the stories",
        ));
    }
    out.push_str(&vague.row(
        "`story/vague` vs Unambiguous = Vagueness",
        "rows with a label",
    ));
    out.push_str(&vague_general.row("`story/vague` vs Vagueness or General", "rows with a label"));
    out.push_str(&unique.row(
        "`story/unique` vs Unique ∈ {isSemDuplicate, diffRoleSameStory}",
        "rows with a label; AQUSA unique recall ≈ 0",
    ));
    out.push_str(&problem.row(
        "`story/solution-oriented` vs solution_oriented",
        "rows with a label; not a target",
    ));
    out.push_str(&naive.row(
        "baseline: any and/or/&// in the means",
        "what a plain conjunction check scores on these labels",
    ));
    for sim in [0.5, 0.7] {
        let cfg: RulesConfig = serde_json::from_value(serde_json::json!({
            "rules": {"story/unique": {"similarity": sim}}
        }))
        .map_err(|e| e.to_string())?;
        let mut u = Prf::default();
        let mut flagged = vec![false; rows.len()];
        for idx in groups.values() {
            let backlog: Vec<Issue> = idx.iter().filter_map(|&i| issues.get(i).cloned()).collect();
            for (k, ds) in check_all(&backlog, &cfg).into_iter().enumerate() {
                if let Some(&i) = idx.get(k) {
                    flagged[i] = fired(&ds, "story/unique");
                }
            }
        }
        for (r, f) in rows.iter().zip(&flagged) {
            if !r.unique.is_empty() {
                u.add(
                    *f,
                    r.unique == "isSemDuplicate" || r.unique == "diffRoleSameStory",
                );
            }
        }
        out.push_str(&u.row(
            &format!("`story/unique` with `similarity` {sim} (default 0.85)"),
            "sensitivity only; the default is not tuned to this set",
        ));
    }
    let _ = writeln!(
        out,
        "\nReading the atomic row: {conj_in_atomic} of the {n_atomic} stories labelled *atomic* have \"and\", \"or\", \"&\" or \"/\" in their means, as do {conj_in_conj} of the {n_conj} labelled *conjunctions*; the word after the conjunction (a verb, a noun, an adjective) separates the two labels little on this LLM-generated set (e.g. \"analyze … and identify\" is labelled atomic, \"detect and report\" conjunctions). The rule reports a conjunction only when it starts a new action, which is the QUS definition (the issue asks not to flag a compound object); the labels count many compound objects and adjective pairs as *conjunctions* in some abstracts and not in others, so the defect-class F1 stays far below the 0.85 target. The any-conjunction baseline row is the AQUSA-style check: higher F1 only because recall is near 1, with precision 0.27. Tried and not kept: reading a trailing purpose clause inside the means (\"… to ensure X and Y\", \", allowing …\") as the ends, which QUS does not judge, raised precision to 0.446 but cut recall to 0.283 (F1 0.346): the labels do count conjunctions there. The clean-class F1 (second row) is the same confusion matrix read the other way."
    );
    // Label drift and label consistency: why no conjunction rule reaches F1 0.85 here.
    let band = |lo: usize, hi: usize| {
        drift
            .range(lo..=hi)
            .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1))
    };
    let (early, late) = (band(1, 11), band(12, usize::MAX));
    let _ = writeln!(
        out,
        "\nThe atomic labels drift with the abstract: of the stories with a conjunction in the means, {} of {} ({:.0}%) are labelled *conjunctions* in abstracts 1–11 but {} of {} ({:.0}%) in abstracts 12–42; the same text pattern gets both labels (\"develop and refine …\" is *conjunctions* in A29 and *atomic* in A13, A15, A17 and A30; \"collect and analyze …\" gets both labels within A6). A rule that reads only the text cannot follow that drift (see *Pairs of verbs* below).",
        early.1,
        early.0,
        100.0 * ratio(early.1, early.0),
        late.1,
        late.0,
        100.0 * ratio(late.1, late.0),
    );
    let [(be, bel), (bl, bll)] = bracket_drift;
    let _ = writeln!(
        out,
        "\nThe minimal labels drift the same way, which is why the held-out half scores lower: {bel} of the {be} stories with brackets in abstracts 1–11 are labelled not minimal ({:.0}%), {bll} of {bl} in abstracts 12–42 ({:.0}%). `story/minimal` reports every bracket, example list and extra sentence, as QUS defines *minimal*.",
        100.0 * ratio(bel, be),
        100.0 * ratio(bll, bl),
    );
    let labels: Vec<(&str, bool)> = rows
        .iter()
        .zip(&diags)
        .map(|(r, ds)| (r.atomic.as_str(), fired(ds, "story/atomic")))
        .collect();
    out.push_str(&verb_pairs(&labels, &issues));
    out.push('\n');
    Ok(())
}

fn has_conjunction(means_lower: &str) -> bool {
    means_lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "and" || w == "or")
        || means_lower.contains('&')
        || means_lower.contains('/')
}

/// The clearest two-action form, a means that starts "[be able to] <verb> and <verb>":
/// how often the annotators call it *conjunctions*. Counted where `story/atomic`
/// reports the story (so the two words are verbs it knows).
fn verb_pairs(labels: &[(&str, bool)], issues: &[Issue]) -> String {
    let (mut n, mut conj) = (0usize, 0usize);
    let mut both: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for ((label, reported), i) in labels.iter().zip(issues) {
        let Some(st) = parse_story(&i.title) else {
            continue;
        };
        let m = rules::Story::slice(&i.title, st.means).to_lowercase();
        let m = m
            .strip_prefix("be able to ")
            .or_else(|| m.strip_prefix("to "))
            .unwrap_or(&m);
        let w: Vec<&str> = m.split_whitespace().take(3).collect();
        let [a, "and", b] = w.as_slice() else {
            continue;
        };
        if !reported {
            continue;
        }
        n += 1;
        let c = usize::from(*label == "conjunctions");
        conj += c;
        let e = both.entry(format!("{a} and {b}")).or_default();
        e.0 += 1;
        e.1 += c;
    }
    let mixed: Vec<String> = both
        .iter()
        .filter(|(_, (t, c))| *c > 0 && c < t)
        .map(|(k, (t, c))| format!("\"{k}\" {c} of {t}"))
        .collect();
    format!(
        "\n**Pairs of verbs.** {n} means start with two verbs joined by \"and\" (\"design and develop …\", \"identify and filter out …\"), the textbook non-atomic story; the annotators labelled {conj} of them ({:.0}%) *conjunctions*. Pairs with both labels: {}. On the stories where the rule is most certain, the labels agree with it about half the time, so precision stays near 0.5 whatever is added, and F1 ≥ 0.85 is out of reach for a rule that reads only the story.\n",
        100.0 * ratio(conj, n),
        if mixed.is_empty() { "none".to_string() } else { mixed.join(", ") }
    )
}

// ------------------------------------------------------------------------------------
// Story spans

fn char_to_byte(text: &str, ch: usize) -> usize {
    text.char_indices()
        .nth(ch)
        .map(|(b, _)| b)
        .unwrap_or(text.len())
}

fn norm(s: &str) -> String {
    s.trim()
        .trim_end_matches(['.', ',', ';', ':', '!', ' '])
        .trim()
        .to_lowercase()
}

fn eval_spans(dir: &Path, out: &mut String) -> Result<(), String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut role = Prf::default();
    let mut ends = Prf::default();
    let mut role_tok = (0usize, 0usize, 0usize); // overlap words, predicted words, gold words
    let mut ends_tok = (0usize, 0usize, 0usize);
    let mut n = 0;
    let mut misses: Vec<String> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).map_err(|e| e.to_string())?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let Some(t) = v.get("text").and_then(|x| x.as_str()) else {
                continue;
            };
            n += 1;
            let mut gold: BTreeMap<&str, Vec<String>> = BTreeMap::new();
            if let Some(ents) = v.get("entities").and_then(|x| x.as_array()) {
                for e in ents {
                    let label = e.get("label").and_then(|x| x.as_str()).unwrap_or("");
                    let s = e.get("start_offset").and_then(|x| x.as_u64()).unwrap_or(0) as usize;
                    let en = e.get("end_offset").and_then(|x| x.as_u64()).unwrap_or(0) as usize;
                    let (bs, be) = (char_to_byte(t, s), char_to_byte(t, en));
                    if let Some(g) = t.get(bs..be) {
                        gold.entry(label).or_default().push(norm(g));
                    }
                }
            }
            let parsed = parse_story(t);
            let pr = parsed
                .as_ref()
                .and_then(|s| s.role)
                .map(|sp| norm(rules::Story::slice(t, Some(sp))));
            let pe = parsed
                .as_ref()
                .and_then(|s| s.ends)
                .map(|sp| norm(rules::Story::slice(t, Some(sp))));
            for (pred, label, prf, tok) in [
                (&pr, "Persona", &mut role, &mut role_tok),
                (&pe, "Benefit", &mut ends, &mut ends_tok),
            ] {
                let golds = gold.get(label).cloned().unwrap_or_default();
                let g = golds.first();
                match (pred, g) {
                    (Some(p), Some(g)) if p == g => prf.tp += 1,
                    (Some(_), Some(_)) => {
                        prf.fp += 1;
                        prf.fn_ += 1;
                        if misses.len() < 12 {
                            misses.push(format!(
                                "{label}: predicted \"{}\", gold \"{}\"",
                                pred.clone().unwrap_or_default(),
                                g.cloned().unwrap_or_default()
                            ));
                        }
                    }
                    (Some(_), None) => prf.fp += 1,
                    (None, Some(_)) => prf.fn_ += 1,
                    (None, None) => prf.tn += 1,
                }
                let pw: Vec<&str> = pred
                    .as_deref()
                    .map(|p| p.split_whitespace().collect())
                    .unwrap_or_default();
                let gw: Vec<&str> = g
                    .map(|g| g.split_whitespace().collect())
                    .unwrap_or_default();
                let mut pool = gw.clone();
                let mut overlap = 0;
                for w in &pw {
                    if let Some(i) = pool.iter().position(|x| x == w) {
                        pool.swap_remove(i);
                        overlap += 1;
                    }
                }
                tok.0 += overlap;
                tok.1 += pw.len();
                tok.2 += gw.len();
            }
        }
    }
    let tokf = |t: (usize, usize, usize)| {
        let p = ratio(t.0, t.1);
        let r = ratio(t.0, t.2);
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    };
    let _ = writeln!(
        out,
        "## Story template parse: role and ends spans\n\n{n} stories from {} backlogs, hand-labelled `Persona` and `Benefit` spans. A span counts when it equals the gold span after trimming spaces and trailing punctuation (case-insensitive); a wrong span counts as one FP and one FN.\n",
        files.len()
    );
    out.push_str("| part | gold spans | TP | FP | FN | precision | recall | F1 (exact) | word-overlap F1 |\n|---|---|---|---|---|---|---|---|---|\n");
    let _ = writeln!(
        out,
        "| role (Persona) | {} | {} | {} | {} | {:.3} | {:.3} | **{:.3}** | {:.3} |",
        role.tp + role.fn_,
        role.tp,
        role.fp,
        role.fn_,
        role.p(),
        role.r(),
        role.f1(),
        tokf(role_tok)
    );
    let _ = writeln!(
        out,
        "| ends (Benefit) | {} | {} | {} | {} | {:.3} | {:.3} | **{:.3}** | {:.3} |",
        ends.tp + ends.fn_,
        ends.tp,
        ends.fp,
        ends.fn_,
        ends.p(),
        ends.r(),
        ends.f1(),
        tokf(ends_tok)
    );
    out.push_str(
        "\nTargets: role F1 ≥ 0.97, ends F1 ≥ 0.9.\n\nFirst disagreements (for inspection):\n\n",
    );
    for m in &misses {
        let _ = writeln!(out, "- {m}");
    }
    out.push('\n');
    Ok(())
}

// ------------------------------------------------------------------------------------
// Deep-SE noise calibration

fn eval_deepse(dir: &Path, out: &mut String) -> Result<(), String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    let cfg = RulesConfig::default();
    let mut total = 0usize;
    let mut as_story = 0usize;
    let mut with_criteria = 0usize;
    let mut per_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new(); // (issues, diagnostics)
    let mut examples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let t0 = Instant::now();
    for f in &files {
        let mut rdr = csv::Reader::from_path(f).map_err(|e| e.to_string())?;
        let mut backlog = Vec::new();
        for rec in rdr.records() {
            let Ok(rec) = rec else { continue };
            let key = rec.get(0).unwrap_or("").to_string();
            let title = rec.get(1).unwrap_or("").to_string();
            let desc = rec.get(2).unwrap_or("");
            let desc = if desc.trim() == "NULL" { "" } else { desc };
            backlog.push(Issue {
                tracker: Tracker::Jira,
                key,
                kind: IssueKind::Other,
                title,
                description: Doc::from_plain(desc),
                ..Default::default()
            });
        }
        let per = check_all(&backlog, &cfg);
        let show = std::env::var("RULES_EVAL_SHOW").unwrap_or_default();
        for (issue, ds) in backlog.iter().zip(&per) {
            for d in ds.iter().filter(|d| !show.is_empty() && d.rule == show) {
                let t = d
                    .field
                    .map(|f| readylens::diagnostic::field_text(issue, f))
                    .unwrap_or_default();
                let at = d.span.and_then(|s| t.get(s.start..s.end)).unwrap_or("");
                let ctx = d
                    .span
                    .map(|s| {
                        let a = s.start.saturating_sub(60);
                        let b = (s.end + 60).min(t.len());
                        let a = (0..=a).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
                        let b = (b..=t.len())
                            .find(|&i| t.is_char_boundary(i))
                            .unwrap_or(t.len());
                        t.get(a..b).unwrap_or("").to_string()
                    })
                    .unwrap_or_else(|| issue.title.clone());
                eprintln!("{} | {} | [{}] | {}", issue.key, d.message, at, ctx);
            }
            total += 1;
            if rules::locate_story(issue).is_some() {
                as_story += 1;
            }
            if !rules::extract_criteria(issue).is_empty() {
                with_criteria += 1;
            }
            let mut seen: Vec<&str> = Vec::new();
            for d in ds {
                let Some(rule) = REGISTRY.iter().find(|r| r.id == d.rule) else {
                    continue;
                };
                let e = per_rule.entry(rule.id).or_default();
                e.1 += 1;
                if !seen.contains(&rule.id) {
                    seen.push(rule.id);
                    e.0 += 1;
                    let ex = examples.entry(rule.id).or_default();
                    if ex.len() < 2 {
                        ex.push(issue.key.clone());
                    }
                }
            }
        }
    }
    let elapsed = t0.elapsed();
    let _ = writeln!(
        out,
        "## Noise calibration: firing counts on {total} real Jira issues\n\nDeep-SE issues of {} projects, read as issue type *unknown* (the export has no type column); each project is one backlog. {as_story} issues are written as user stories (and so judged as stories), {with_criteria} have acceptance criteria that were found.\n",
        files.len(),
    );
    eprintln!("Deep-SE checked in {:.1} s", elapsed.as_secs_f64());
    out.push_str(
        "| rule | issues | % of issues | diagnostics | examples |\n|---|---|---|---|---|\n",
    );
    for rule in REGISTRY {
        let (iss, diag) = per_rule.get(rule.id).copied().unwrap_or((0, 0));
        let ex = examples
            .get(rule.id)
            .map(|v| v.join(", "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | {iss} | {:.2}% | {diag} | {ex} |",
            rule.id,
            100.0 * ratio(iss, total)
        );
    }
    out.push('\n');
    Ok(())
}

/// One part of the evaluation: reads its data, appends a Markdown section.
type Section = fn(&Path, &mut String) -> Result<(), String>;

fn main() {
    let data = data_dir();
    if !data.is_dir() {
        println!(
            "rules_eval: no data at {} (set READYLENS_DATA); skipping.",
            data.display()
        );
        return;
    }
    let mut out = String::from(
        "# Rules evaluation\n\nGenerated by `cargo run --release --example rules_eval` (data from `../shared/data`, or `READYLENS_DATA`). Do not edit by hand.\n\n",
    );
    let sections: [(&str, PathBuf, Section); 3] = [
        (
            "UStAI",
            data.join("stories/ustai/UStAI-annotated_updated.csv"),
            eval_ustai,
        ),
        ("story spans", data.join("stories/story-spans"), eval_spans),
        ("Deep-SE", data.join("issues/deepse"), eval_deepse),
    ];
    for (name, path, f) in sections {
        if !path.exists() {
            let _ = writeln!(out, "## {name}\n\nSkipped: {} not found.\n", path.display());
            continue;
        }
        if let Err(e) = f(&path, &mut out) {
            let _ = writeln!(out, "## {name}\n\nFailed: {e}\n");
        }
    }
    out.push_str("## Sources\n\n- UStAI: Yamani, Baslyman & Ahmed, PROMISE '25, doi 10.1145/3727582.3728689 (stories generated by language models, labelled by people).\n- Story spans: repository `ace-design/nlp-stories`, `doccano_files/final_annotated_datasets/` (Dalpiaz's 18 backlogs, doi 10.17632/7zbk8zsd8y.1).\n- Deep-SE: Choetkiertikul et al., \"A deep learning model for estimating story points\", IEEE TSE 2018.\n- AQUSA baseline: Lucassen et al., Requirements Engineering 2016.\n");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules-eval.md");
    if let Some(parent) = target.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::write(&target, &out) {
        Ok(()) => println!("{out}\nwrote {}", target.display()),
        Err(e) => eprintln!("rules_eval: cannot write {}: {e}", target.display()),
    }
}
