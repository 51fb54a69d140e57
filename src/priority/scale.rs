//! Numbers, published scales and number formatting shared by the scorers.
//!
//! Everything here is total: any `f64` (NaN, ±inf, negative, huge) and any string goes
//! in, and nothing panics.

/// Intercom RICE impact scale: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal
/// (Sean McBride, "RICE: Simple prioritization for product managers", Intercom blog,
/// <https://www.intercom.com/blog/rice-simple-prioritization-for-product-managers/>).
pub const RICE_IMPACT: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 3.0];

/// Intercom RICE confidence levels: 100 % high, 80 % medium, 50 % low (same article).
pub const RICE_CONFIDENCE: [f64; 3] = [0.5, 0.8, 1.0];

/// SAFe's modified Fibonacci scale for the WSJF components and job size
/// (Scaled Agile Framework, "WSJF", <https://scaledagileframework.com/wsjf/>).
pub const WSJF_SCALE: [f64; 7] = [1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0];

/// Inputs above this are capped (with a note) so that no product of inputs overflows.
pub const MAX_INPUT: f64 = 1e12;

/// Nearest value of `scale` (sorted ascending) to `x`; a tie goes to the larger scale
/// value. `x` must be finite; an empty scale returns `x`.
pub fn snap(x: f64, scale: &[f64]) -> f64 {
    let mut best = match scale.first() {
        Some(v) => *v,
        None => return x,
    };
    for &s in scale {
        if (x - s).abs() <= (x - best).abs() {
            best = s;
        }
    }
    best
}

/// A number read from text, with whether it carried a `%` sign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parsed {
    pub value: f64,
    pub percent: bool,
}

/// Read the leading number of `s`: `"500"`, `"80%"`, `"2 - High"`, `"$5,000/week"`,
/// `"2,5"` (decimal comma), `"1,000,000"` (thousands), `"12k"`, `"-3"`. Trailing words
/// are ignored. `None` when `s` does not start with a number.
pub fn parse_number(s: &str) -> Option<Parsed> {
    let mut t = s.trim();
    let mut negative = false;
    if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        negative = true;
        t = rest.trim_start();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim_start();
    }
    for cur in ['$', '€', '£', '¥'] {
        if let Some(rest) = t.strip_prefix(cur) {
            t = rest.trim_start();
        }
    }
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let run = t.get(..end)?;
    if !run.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let run = run.trim_end_matches([',', '.']);
    let cleaned = if run.contains(',') && run.contains('.') {
        run.replace(',', "")
    } else if run.contains(',') {
        let groups: Vec<&str> = run.split(',').collect();
        let thousands = groups.len() > 1
            && groups
                .first()
                .is_some_and(|g| !g.is_empty() && g.len() <= 3)
            && groups.iter().skip(1).all(|g| g.len() == 3);
        if thousands {
            run.replace(',', "")
        } else {
            run.replace(',', ".")
        }
    } else {
        run.to_string()
    };
    let mut value: f64 = cleaned.parse().ok()?;
    let rest = t.get(end..).unwrap_or("").trim_start();
    let percent = rest.starts_with('%');
    let mut chars = rest.chars();
    if matches!(chars.next(), Some('k' | 'K')) && !chars.next().is_some_and(char::is_alphabetic) {
        value *= 1000.0;
    }
    if negative {
        value = -value;
    }
    Some(Parsed { value, percent })
}

/// Normalise a name for matching: lower case, letters and digits only, and a Jira CSV
/// `Custom field (Name)` wrapper removed. `"RR|OE"` → `"rroe"`,
/// `"Custom field (Story Points)"` → `"storypoints"`.
pub fn norm_name(s: &str) -> String {
    let t = s.trim();
    let lower = t.to_lowercase();
    let inner = lower
        .strip_prefix("custom field (")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(&lower);
    inner.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A whole number from 1 to 10^15 (either sign) as its digits: what [`fmt_num`] and
/// [`fmt_score`] print for it after trimming the zero decimals, without float formatting.
fn fmt_whole(x: f64) -> Option<String> {
    let a = x.abs();
    // `as i64` is exact here: whole numbers below 10^15 < 2^63.
    (x.fract() == 0.0 && (1.0..1e15).contains(&a)).then(|| (x as i64).to_string())
}

/// Format an input value: up to two decimals, or three significant digits below 1.
pub fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    if let Some(s) = fmt_whole(x) {
        return s;
    }
    let a = x.abs();
    if a >= 1e15 {
        return format!("{x:.3e}");
    }
    if a >= 1.0 || a == 0.0 {
        return trim_zeros(format!("{x:.2}"));
    }
    let decimals = ((-a.log10()).floor() as i64 + 3).clamp(2, 12) as usize;
    trim_zeros(format!("{x:.decimals$}"))
}

/// Format a score: one decimal from 100 up, two below.
pub fn fmt_score(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    if let Some(s) = fmt_whole(x) {
        return s;
    }
    let a = x.abs();
    if a >= 1e15 {
        format!("{x:.3e}")
    } else if a >= 100.0 {
        trim_zeros(format!("{x:.1}"))
    } else if a >= 0.01 || a == 0.0 {
        trim_zeros(format!("{x:.2}"))
    } else {
        fmt_num(x)
    }
}

/// Shorten `s` to at most `max` characters for quoting in a note.
pub fn quote(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snap_picks_nearest_and_ties_go_up() {
        assert_eq!(snap(1.5, &RICE_IMPACT), 2.0);
        assert_eq!(snap(0.75, &RICE_IMPACT), 1.0);
        assert_eq!(snap(0.3, &RICE_IMPACT), 0.25);
        assert_eq!(snap(4.0, &WSJF_SCALE), 5.0);
        assert_eq!(snap(100.0, &WSJF_SCALE), 20.0);
        assert_eq!(snap(0.0, &WSJF_SCALE), 1.0);
        assert_eq!(snap(0.65, &RICE_CONFIDENCE), 0.8);
        assert_eq!(snap(7.0, &[]), 7.0);
    }

    #[test]
    fn numbers_parse_in_the_forms_trackers_write_them() {
        let v = |s: &str| parse_number(s).map(|p| p.value);
        assert_eq!(v("500"), Some(500.0));
        assert_eq!(v("2 - High"), Some(2.0));
        assert_eq!(v("$5,000/week"), Some(5000.0));
        assert_eq!(v("1,000,000"), Some(1e6));
        assert_eq!(v("2,5"), Some(2.5));
        assert_eq!(v("1,234.5"), Some(1234.5));
        assert_eq!(v("12k users"), Some(12000.0));
        assert_eq!(v("-3"), Some(-3.0));
        assert_eq!(v(".5"), Some(0.5));
        assert_eq!(v("NaN"), None);
        assert_eq!(v("high"), None);
        assert_eq!(v(""), None);
        assert_eq!(v("1..2"), None);
        assert!(parse_number("80 %").is_some_and(|p| p.percent && p.value == 80.0));
        assert!(parse_number("80").is_some_and(|p| !p.percent));
    }

    #[test]
    fn names_normalise_for_matching() {
        assert_eq!(norm_name("RR|OE"), "rroe");
        assert_eq!(norm_name("Custom field (Story Points)"), "storypoints");
        assert_eq!(
            norm_name("Microsoft.VSTS.Common.BusinessValue"),
            "microsoftvstscommonbusinessvalue"
        );
    }

    #[test]
    fn formatting_trims_and_survives_non_finite() {
        assert_eq!(fmt_score(266.666_666), "266.7");
        assert_eq!(fmt_score(3.2), "3.2");
        assert_eq!(fmt_score(675.0), "675");
        assert_eq!(fmt_num(0.8), "0.8");
        assert_eq!(fmt_num(0.025), "0.025");
        assert_eq!(fmt_num(0.00625), "0.00625");
        assert_eq!(fmt_num(f64::NAN), "n/a");
        assert_eq!(fmt_score(f64::INFINITY), "n/a");
        assert_eq!(quote("a  b\nc", 10), "a b c");
        assert_eq!(quote("abcdefghijkl", 5), "abcd…");
    }
}
