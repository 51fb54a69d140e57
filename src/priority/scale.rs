//! Numbers, published scales and number formatting shared by the scorers.
//!
//! Everything here is total: any `f64` (NaN, ±inf, negative, huge) and any string goes
//! in, and nothing panics.

use std::fmt::{self, Write as _};

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

/// An input value as [`fmt_num`] prints it, written straight into the formatter (no
/// `String` per number inside a `format!`).
#[derive(Clone, Copy)]
pub struct Num(pub f64);

/// A score as [`fmt_score`] prints it, written straight into the formatter.
#[derive(Clone, Copy)]
pub struct Score(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if let Some(done) = special(x, f) {
            return done;
        }
        let a = x.abs();
        if a >= 1.0 || a == 0.0 {
            return fixed_trimmed(x, 2, f);
        }
        let decimals = ((-a.log10()).floor() as i64 + 3).clamp(2, 12) as usize;
        fixed_trimmed(x, decimals, f)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if let Some(done) = special(x, f) {
            return done;
        }
        let a = x.abs();
        if a >= 100.0 {
            fixed_trimmed(x, 1, f)
        } else if a >= 0.01 || a == 0.0 {
            fixed_trimmed(x, 2, f)
        } else {
            Num(x).fmt(f)
        }
    }
}

/// What both formats print for non-finite numbers, whole numbers from 1 to 10^15 (their
/// digits, without float formatting; `as i64` is exact below 10^15 < 2^63) and from 10^15
/// up (scientific); `None` for the rest.
fn special(x: f64, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
    let a = x.abs();
    if !x.is_finite() {
        Some(f.write_str("n/a"))
    } else if x.fract() == 0.0 && (1.0..1e15).contains(&a) {
        Some(write!(f, "{}", x as i64))
    } else if a >= 1e15 {
        Some(write!(f, "{x:.3e}"))
    } else {
        None
    }
}

/// `x` with `decimals` decimals, trailing zeros (and a bare point) removed. Below 10^15
/// with at most 12 decimals the text fits the stack buffer; if it ever did not, the
/// untrimmed text is written rather than a wrong one.
fn fixed_trimmed(x: f64, decimals: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut buf = StackText::default();
    if write!(buf, "{x:.decimals$}").is_err() {
        return write!(f, "{x:.decimals$}");
    }
    let t = buf.as_str();
    let t = if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.')
    } else {
        t
    };
    f.write_str(t)
}

/// A small text buffer on the stack for one formatted number.
struct StackText {
    bytes: [u8; 48],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are copied in, so the prefix is valid UTF-8.
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Format an input value: up to two decimals, or three significant digits below 1.
pub fn fmt_num(x: f64) -> String {
    Num(x).to_string()
}

/// Format a score: one decimal from 100 up, two below.
pub fn fmt_score(x: f64) -> String {
    Score(x).to_string()
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

    /// The formatting before [`Num`] and [`Score`] wrote into the formatter (one `String`
    /// per number, trimmed afterwards): the oracle they must match character for character.
    fn old_trim(s: String) -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
    fn old_whole(x: f64) -> Option<String> {
        let a = x.abs();
        (x.fract() == 0.0 && (1.0..1e15).contains(&a)).then(|| (x as i64).to_string())
    }
    fn old_num(x: f64) -> String {
        if !x.is_finite() {
            return "n/a".to_string();
        }
        if let Some(s) = old_whole(x) {
            return s;
        }
        let a = x.abs();
        if a >= 1e15 {
            return format!("{x:.3e}");
        }
        if a >= 1.0 || a == 0.0 {
            return old_trim(format!("{x:.2}"));
        }
        let decimals = ((-a.log10()).floor() as i64 + 3).clamp(2, 12) as usize;
        old_trim(format!("{x:.decimals$}"))
    }
    fn old_score(x: f64) -> String {
        if !x.is_finite() {
            return "n/a".to_string();
        }
        if let Some(s) = old_whole(x) {
            return s;
        }
        let a = x.abs();
        if a >= 1e15 {
            format!("{x:.3e}")
        } else if a >= 100.0 {
            old_trim(format!("{x:.1}"))
        } else if a >= 0.01 || a == 0.0 {
            old_trim(format!("{x:.2}"))
        } else {
            old_num(x)
        }
    }

    #[test]
    fn num_and_score_print_what_the_string_versions_printed() {
        let mut xs = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1,
            0.43333333333333335,
            2.0 / 3.0,
            266.666_666,
            99.995,
            99.994,
            100.0,
            100.05,
            0.01,
            0.009_99,
            0.001_234_5,
            1e-12,
            1e-13,
            1e-300,
            5e-324,
            999_999_999_999_999.0,
            1e15,
            1e15 + 0.5,
            1.5e15,
            123_456_789.123_456,
            -123_456_789.987,
            1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.995,
            0.999_5,
            9.999,
            0.125,
            2.5,
        ];
        // A deterministic spread over many magnitudes (xorshift), both signs.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exp = (state % 40) as i32 - 20;
            let x = mantissa * 10f64.powi(exp);
            xs.push(if state & 1 == 0 { x } else { -x });
        }
        for x in xs {
            assert_eq!(Num(x).to_string(), old_num(x), "fmt_num({x:e})");
            assert_eq!(Score(x).to_string(), old_score(x), "fmt_score({x:e})");
            assert_eq!(format!("[{}]", Num(x)), format!("[{}]", old_num(x)));
        }
    }

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
