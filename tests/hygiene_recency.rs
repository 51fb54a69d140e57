//! The duplicates' recency prior: among candidates the text supports, those created
//! closer in time to the issue rank higher; it never changes which pairs pass the
//! threshold, keeps identical issues at 1, is symmetric, and does nothing without dates.

use readylens::hygiene::{find_duplicates, DuplicateIndex, DuplicatesConfig, IndexParams};
use readylens::model::{Doc, Issue};

fn issue(key: &str, title: &str, created: Option<&str>) -> Issue {
    Issue {
        key: key.to_string(),
        title: title.to_string(),
        description: Doc::from_plain(""),
        created: created.map(str::to_string),
        ..Default::default()
    }
}

/// The SeaMonkey sample of tests/hygiene_duplicates.rs, with creation dates.
// from ../shared/data/duplicates/seamonkey/ (GitBugs, Patil & Jadon 2023, CC BY 4.0)
fn seamonkey() -> Vec<Issue> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hygiene/seamonkey_sample.csv"
    );
    let mut rdr = csv::Reader::from_path(path).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let mut i = issue(&r[1], &r[0], Some(&r[2]));
            i.description = Doc::from_plain(&r[3]);
            i
        })
        .collect()
}

fn off() -> IndexParams {
    IndexParams {
        recency: 0.0,
        ..IndexParams::default()
    }
}

// Titles from ../shared/data/duplicates/seamonkey/SeaMonkey_bugs.csv: 1702903 and
// 1704151 are a known duplicate pair (GitBugs, Patil & Jadon 2023, CC BY 4.0). The
// creation dates below are the test's own.
const QUERY: &str = "Add-on SDK and for each in Add-ons broken in 2.53.7";
const OTHER: &str = "SeaMonkey 2.53.7 broke mouse wheel tab switching";

#[test]
fn equally_similar_candidates_rank_by_time_apart() {
    // Two copies of one report, equally similar to the query: the one filed four days
    // before it ranks above the one filed two years earlier, although it comes later
    // in the backlog (without the prior, equal scores keep backlog order).
    let issues = vec![
        issue("Q", QUERY, Some("2021-04-20 10:00:00+00:00")),
        issue("OLD", OTHER, Some("2019-04-01 09:00:00+00:00")),
        issue("NEW", OTHER, Some("2021-04-16 08:30:00+00:00")),
    ];
    let plain = DuplicateIndex::build_with(&issues, off()).neighbours(0, 2);
    assert_eq!(plain.iter().map(|m| m.index).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(plain[0].score, plain[1].score);
    assert_eq!(plain[0].days_apart, None, "no prior, no distance reported");

    let ranked = DuplicateIndex::build(&issues).neighbours(0, 2);
    assert_eq!(ranked.iter().map(|m| m.index).collect::<Vec<_>>(), [2, 1]);
    let (near, far) = (ranked[0], ranked[1]);
    assert_eq!(
        near.similarity, far.similarity,
        "the text similarity is unchanged"
    );
    assert_eq!(near.similarity, plain[0].score);
    assert!(
        near.score > far.score && far.score > far.similarity,
        "{ranked:?}"
    );
    assert_eq!(near.days_apart, Some(4));
    assert_eq!(far.days_apart, Some(750));
    // s + 0.2 · e^(−4/180) · (1 − s), the documented default.
    let s = near.similarity;
    let expected = s + 0.2 * (-4.0f32 / 180.0).exp() * (1.0 - s);
    assert!(
        (near.score - expected).abs() < 1e-5,
        "{} vs {expected}",
        near.score
    );
}

#[test]
fn the_threshold_and_the_clusters_use_the_text_similarity() {
    // Same backlog with and without the prior: the same issues have candidates, every
    // candidate passes the threshold on its similarity, and the clusters are the same.
    let issues = seamonkey();
    for threshold in [0.2, 0.3, 0.5] {
        let on = DuplicatesConfig {
            top: 5,
            threshold,
            ..Default::default()
        };
        let none = DuplicatesConfig {
            recency: 0.0,
            ..on.clone()
        };
        let (a, b) = (
            find_duplicates(&issues, &on),
            find_duplicates(&issues, &none),
        );
        let flagged = |r: &readylens::hygiene::DuplicateReport| {
            r.candidates
                .iter()
                .map(|c| !c.is_empty())
                .collect::<Vec<_>>()
        };
        assert_eq!(flagged(&a), flagged(&b), "threshold {threshold}");
        assert_eq!(a.clusters, b.clusters, "threshold {threshold}");
        let mut raised = 0;
        for list in &a.candidates {
            for c in list {
                assert!(
                    c.similarity >= threshold && c.score >= c.similarity,
                    "{c:?}"
                );
                assert!(c.score <= 1.0 && c.days_apart.is_some());
                raised += usize::from(c.score > c.similarity);
            }
            // Best first by score.
            assert!(
                list.windows(2).all(|w| w[0].score >= w[1].score),
                "{list:?}"
            );
        }
        assert!(
            raised > 0,
            "the sample's reports have dates, so the prior applies"
        );
    }
}

#[test]
fn identical_issues_keep_one_and_undated_issues_get_no_prior() {
    let far = vec![
        issue("A", QUERY, Some("2015-01-01")),
        issue("B", QUERY, Some("2025-01-01")),
    ];
    let m = DuplicateIndex::build(&far).neighbours(0, 1);
    // (1 up to rounding: the prior moves the score toward 1, never away from it.)
    assert!(
        m[0].similarity > 0.99999 && m[0].score >= m[0].similarity,
        "{m:?}"
    );
    assert_eq!(m[0].days_apart, Some(3653));

    // One date missing, or unreadable: the score is the similarity.
    for created in [None, Some("last spring"), Some("")] {
        let issues = vec![
            issue("Q", QUERY, Some("2021-04-20")),
            issue("C", OTHER, created),
        ];
        let m = DuplicateIndex::build(&issues).neighbours(0, 1);
        assert_eq!(m[0].score, m[0].similarity, "{created:?}");
        assert_eq!(m[0].days_apart, None);
    }
}

#[test]
fn the_prior_is_symmetric_and_deterministic() {
    let issues = seamonkey();
    let index = DuplicateIndex::build(&issues);
    let n = issues.len();
    let mut checked = 0;
    for i in 0..n {
        for m in index.neighbours(i, 3) {
            if let Some(x) = index.neighbours(m.index, n).iter().find(|x| x.index == i) {
                assert_eq!(x.days_apart, m.days_apart);
                assert!((x.score - m.score).abs() < 1e-6, "{i}->{}", m.index);
                checked += 1;
            }
        }
    }
    assert!(checked > n, "{checked}");
    let cfg = DuplicatesConfig::default();
    assert_eq!(
        find_duplicates(&issues, &cfg),
        find_duplicates(&issues, &cfg)
    );
}

#[test]
fn unusable_settings_turn_the_prior_off() {
    let issues = vec![
        issue("Q", QUERY, Some("2021-04-20")),
        issue("C", OTHER, Some("2021-04-19")),
    ];
    for (recency, days) in [
        (f32::NAN, 180.0),
        (-1.0, 180.0),
        (0.2, 0.0),
        (0.2, f32::INFINITY),
        (0.2, -5.0),
    ] {
        let p = IndexParams {
            recency,
            recency_days: days,
            ..IndexParams::default()
        };
        let m = DuplicateIndex::build_with(&issues, p).neighbours(0, 1);
        assert_eq!(m[0].score, m[0].similarity, "{recency} {days}");
    }
    // A weight above 1 is capped at 1: the score still stays in [0, 1].
    let p = IndexParams {
        recency: 7.0,
        ..IndexParams::default()
    };
    let m = DuplicateIndex::build_with(&issues, p).neighbours(0, 1);
    assert!(m[0].score <= 1.0 && m[0].score > m[0].similarity);
}
