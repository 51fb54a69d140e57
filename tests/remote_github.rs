#![cfg(not(target_arch = "wasm32"))]
//! `readylens check --github` against a fake GitHub API on 127.0.0.1 (`--api-url`):
//! `Link` paging, pull requests skipped, milestone by title, search with
//! `total_count`, 429, 401/403, a malformed page, an empty result. Payloads:
//! tests/fixtures/remote/github_*.json (text from
//! ../shared/data/issues/deepse/titanium.csv, Choetkiertikul et al. 2018).

mod remote_support;
use remote_support::*;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const TOKEN: &str = "ghp_testToken0123456789abcdefABCDEF";

fn pages(base: String) -> impl Fn(&Request) -> Reply + Send + Sync {
    move |req| {
        match (req.path(), req.query("page").as_deref()) {
        ("/repos/appcelerator/titanium/issues", None) => Reply::json(fixture("github_page1.json"))
            .header(
                "Link",
                &format!(
                    "<{base}/repos/appcelerator/titanium/issues?state=open&per_page=100&page=2>; rel=\"next\", <{base}/repos/appcelerator/titanium/issues?state=open&per_page=100&page=2>; rel=\"last\""
                ),
            ),
        ("/repos/appcelerator/titanium/issues", Some("2")) => Reply::json(fixture("github_page2.json"))
            .header(
                "Link",
                &format!("<{base}/repos/appcelerator/titanium/issues?state=open&per_page=100&page=1>; rel=\"prev\""),
            ),
        ("/repos/appcelerator/titanium/milestones", _) => Reply::json(fixture("github_milestones.json")),
        ("/search/issues", _) => Reply::json(fixture("github_search.json")),
        _ => Reply::status(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}"),
    }
    }
}

/// A server whose handler knows its own base URL (for `Link` headers).
fn start() -> Server {
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let b = base.clone();
    let server = Server::start(move |req| pages(b.get().cloned().unwrap_or_default())(req));
    base.set(server.base.clone()).unwrap();
    server
}

fn check(server: &Server, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = vec![
        "check",
        "--github",
        "appcelerator/titanium",
        "--api-url",
        &server.base,
        "--now",
        "2026-11-28",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run(&args, env)
}

#[test]
fn follows_link_paging_and_skips_pull_requests() {
    let server = start();
    let out = check(&server, &[], &[("GITHUB_TOKEN", TOKEN)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secret(&out, TOKEN);
    assert_eq!(
        keys(&report(&out)),
        [
            "appcelerator/titanium#101",
            "appcelerator/titanium#102",
            "appcelerator/titanium#104",
            "appcelerator/titanium#105"
        ],
        "#103 is a pull request"
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_eq!(
            r.header("authorization"),
            Some(&format!("Bearer {TOKEN}")[..])
        );
        assert_eq!(r.header("accept"), Some("application/vnd.github+json"));
    }
}

#[test]
fn readylens_token_wins_over_github_token() {
    let server = start();
    let out = check(
        &server,
        &[],
        &[
            ("GITHUB_TOKEN", "ghp_other_token_1234"),
            ("READYLENS_GITHUB_TOKEN", TOKEN),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some(&format!("Bearer {TOKEN}")[..])
    );
    assert_no_secret(&out, "ghp_other_token_1234");
}

#[test]
fn milestone_title_is_resolved_to_its_number() {
    let server = start();
    let out = check(
        &server,
        &["--milestone", "Sprint 42"],
        &[("GITHUB_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reqs = server.requests();
    assert_eq!(reqs[0].path(), "/repos/appcelerator/titanium/milestones");
    assert_eq!(reqs[1].query("milestone").as_deref(), Some("3"));
    let out = check(
        &server,
        &["--milestone", "Sprint 99"],
        &[("GITHUB_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Sprint 41, Sprint 42"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn search_query_is_scoped_to_the_repository() {
    let server = start();
    let out = check(
        &server,
        &["--query", "label:enhancement"],
        &[("GITHUB_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        server.requests()[0].query("q").as_deref(),
        Some("repo:appcelerator/titanium is:issue label:enhancement")
    );
    assert_eq!(keys(&report(&out)).len(), 2);
}

#[test]
fn search_beyond_1000_results_is_refused() {
    let server = Server::start(|_| {
        Reply::json("{\"total_count\": 4200, \"incomplete_results\": false, \"items\": []}")
    });
    let out = check(&server, &["--query", "is:open"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at most 1000"), "{}", stderr(&out));
}

#[test]
fn incomplete_search_results_are_never_reported() {
    let server = Server::start(|_| {
        Reply::json(fixture("github_search.json").replace(
            "\"incomplete_results\": false",
            "\"incomplete_results\": true",
        ))
    });
    let out = check(&server, &["--query", "is:open"], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn secondary_rate_limit_403_with_retry_after_is_retried() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let server = Server::start(move |req| {
        if h.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::status(
                403,
                "{\"message\":\"You have exceeded a secondary rate limit.\"}",
            )
            .header("Retry-After", "1");
        }
        assert_eq!(req.path(), "/repos/appcelerator/titanium/issues");
        Reply::json(fixture("github_page2.json"))
    });
    let out = check(&server, &[], &[("GITHUB_TOKEN", TOKEN)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 2);
    assert_eq!(keys(&report(&out)).len(), 2);
}

#[test]
fn rate_limit_429_then_success() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let server = Server::start(move |_| {
        if h.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::status(429, "{\"message\":\"API rate limit exceeded\"}")
                .header("Retry-After", "1");
        }
        Reply::json(fixture("github_page2.json"))
    });
    let out = check(&server, &[], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn bad_credentials_and_missing_repository_name_the_variables() {
    let server = Server::start(|_| {
        Reply::status(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}")
    });
    let out = check(&server, &[], &[("GITHUB_TOKEN", TOKEN)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Bad credentials"));
    assert!(
        stderr(&out).contains("READYLENS_GITHUB_TOKEN"),
        "{}",
        stderr(&out)
    );
    assert_no_secret(&out, TOKEN);
    let server = Server::start(|_| Reply::status(404, "{\"message\":\"Not Found\"}"));
    let out = check(&server, &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("private"), "{}", stderr(&out));
}

#[test]
fn a_malformed_second_page_fails_with_exit_3() {
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let b = base.clone();
    let server = Server::start(move |req| match req.query("page").as_deref() {
        None => Reply::json(fixture("github_page1.json")).header(
            "Link",
            &format!(
                "<{}/repos/appcelerator/titanium/issues?page=2>; rel=\"next\"",
                b.get().unwrap()
            ),
        ),
        _ => Reply::json("{\"message\": \"not a list\"}"),
    });
    base.set(server.base.clone()).unwrap();
    let out = check(&server, &[], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_next_link_to_another_host_is_refused() {
    let server = Server::start(|_| {
        Reply::json(fixture("github_page1.json")).header(
            "Link",
            "<https://evil.example.invalid/steal?page=2>; rel=\"next\"",
        )
    });
    let out = check(&server, &[], &[("GITHUB_TOKEN", TOKEN)]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("refusing"), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 1);
    assert_no_secret(&out, TOKEN);
}

#[test]
fn an_empty_repository_passes() {
    let server = Server::start(|_| Reply::json("[]"));
    let out = check(&server, &["--fail-on", "not-ready"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(keys(&report(&out)).is_empty());
}

#[test]
fn github_annotations_format_for_tracker_issues() {
    let server = start();
    let args = [
        "check",
        "--github",
        "appcelerator/titanium",
        "--api-url",
        &server.base,
        "--now",
        "2026-11-28",
        "--format",
        "github",
        "--fail-on",
        "almost",
    ];
    let out = run(&args, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
    assert!(
        text.contains("::notice title=readylens::4 issues"),
        "{text}"
    );
    assert!(!text.contains("file="), "tracker issues have no file");
}
