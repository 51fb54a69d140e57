#![cfg(not(target_arch = "wasm32"))]
//! `readylens check --jira` against a fake Jira on 127.0.0.1: Cloud v3 paging with
//! `nextPageToken` and `names`, Data Center v2 paging with `startAt`, 429 back-off, 401,
//! a malformed page, an empty result, redirects and limits. Payloads:
//! tests/fixtures/remote/jira_*.json (text from ../shared/data/issues/deepse/mesos.csv and
//! usergrid.csv, Choetkiertikul et al. 2018; see make_fixtures.py).

mod remote_support;
use remote_support::*;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const EMAIL: &str = "dev@example.com";
const TOKEN: &str = "ATATT3xFfGF0-test-token-7f3a9c";
const PAT: &str = "NjM4MTY2-dc-pat-secret-4411";

fn creds() -> Vec<(&'static str, &'static str)> {
    vec![
        ("READYLENS_JIRA_EMAIL", EMAIL),
        ("READYLENS_JIRA_TOKEN", TOKEN),
    ]
}

/// A v3 server answering the three fixture pages by `nextPageToken`.
fn v3_pages(req: &Request) -> Reply {
    assert_eq!(req.path(), "/rest/api/3/search/jql");
    match req.query("nextPageToken").as_deref() {
        None => Reply::json(fixture("jira_v3_page1.json")),
        Some("CAEaAggD") => Reply::json(fixture("jira_v3_page2.json")),
        Some("CAEaAggE") => Reply::json(fixture("jira_v3_page3.json")),
        Some(other) => Reply::status(
            400,
            format!("{{\"errorMessages\":[\"bad token {other}\"]}}"),
        ),
    }
}

fn check(base: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "check",
        "--jira",
        base,
        "--jql",
        "project = MESOS AND sprint in futureSprints()",
        "--now",
        "2026-11-28",
        "--format",
        "json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn run_check(base: &str, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let args = check(base, extra);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs, env)
}

#[test]
fn cloud_v3_reads_every_page_resolves_names_and_authenticates() {
    let server = Server::start(v3_pages);
    let out = run_check(&server.base, &[], &creds());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secret(&out, TOKEN);
    let report = report(&out);
    assert_eq!(
        keys(&report),
        [
            "MESOS-313",
            "MESOS-336",
            "MESOS-343",
            "MESOS-487",
            "MESOS-598"
        ]
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_eq!(
            r.query("jql").as_deref(),
            Some("project = MESOS AND sprint in futureSprints()")
        );
        assert_eq!(r.query("expand").as_deref(), Some("names"));
        // Basic base64("dev@example.com:ATATT3xFfGF0-test-token-7f3a9c"), computed independently.
        assert_eq!(
            r.header("authorization"),
            Some("Basic ZGV2QGV4YW1wbGUuY29tOkFUQVRUM3hGZkdGMC10ZXN0LXRva2VuLTdmM2E5Yw==")
        );
    }
    // `names` maps customfield_10016 to "Story point estimate": MESOS-313 has 2 points.
    let estimate = |key: &str| {
        report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .unwrap()["readiness"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "ready/estimate")
            .unwrap()["passed"]
            .as_bool()
            .unwrap()
    };
    assert!(estimate("MESOS-313"));
    assert!(
        !estimate("MESOS-487"),
        "MESOS-487 has no points in the fixture"
    );
    assert!(stderr(&out).contains("read 5 issues") && stderr(&out).contains("3 pages"));
}

#[test]
fn data_center_v2_pages_by_start_at_with_a_bearer_token() {
    let server = Server::start(|req| {
        assert_eq!(req.path(), "/jira/rest/api/2/search");
        match req.query("startAt").as_deref() {
            Some("0") => Reply::json(fixture("jira_v2_page1.json")),
            Some("2") => Reply::json(fixture("jira_v2_page2.json")),
            other => Reply::status(
                400,
                format!("{{\"errorMessages\":[\"startAt {other:?}\"]}}"),
            ),
        }
    });
    let base = format!("{}/jira/", server.base);
    let out = run_check(&base, &[], &[("READYLENS_JIRA_PAT", PAT)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secret(&out, PAT);
    assert_eq!(
        keys(&report(&out)),
        ["USERGRID-16", "USERGRID-17", "USERGRID-19"]
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs
        .iter()
        .all(|r| r.header("authorization") == Some(&format!("Bearer {PAT}")[..])));
}

#[test]
fn rate_limit_429_is_retried_after_the_servers_delay() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let server = Server::start(move |req| {
        if req.query("nextPageToken").as_deref() == Some("CAEaAggD")
            && h.fetch_add(1, Ordering::SeqCst) == 0
        {
            return Reply::status(429, "{\"errorMessages\":[\"Rate limit exceeded\"]}")
                .header("Retry-After", "1");
        }
        v3_pages(req)
    });
    let started = std::time::Instant::now();
    let out = run_check(&server.base, &[], &creds());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert_eq!(server.requests().len(), 4, "page 2 asked twice");
    assert_eq!(keys(&report(&out)).len(), 5);
    assert!(stderr(&out).contains("waited 1 s"), "{}", stderr(&out));
}

#[test]
fn a_retry_after_longer_than_max_wait_fails_fast_with_exit_3() {
    let server = Server::start(|_| Reply::status(429, "{}").header("Retry-After", "3600"));
    let started = std::time::Instant::now();
    let out = run_check(&server.base, &["--max-wait", "5"], &creds());
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(stderr(&out).contains("3600"), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "nothing analysed");
}

#[test]
fn unauthorized_names_the_variables_and_never_the_token() {
    let server = Server::start(|_| {
        Reply::status(401, "{\"errorMessages\":[\"You are not authenticated. Authentication required to perform this operation.\"]}")
    });
    let out = run_check(&server.base, &[], &creds());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("READYLENS_JIRA_EMAIL") && err.contains("READYLENS_JIRA_TOKEN"),
        "{err}"
    );
    assert!(err.contains("401"), "{err}");
    assert_no_secret(&out, TOKEN);
    assert!(out.stdout.is_empty());
}

#[test]
fn forbidden_and_not_found_say_what_to_fix() {
    let server = Server::start(|_| Reply::status(403, "{}"));
    let out = run_check(&server.base, &[], &creds());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Browse Projects"), "{}", stderr(&out));
    let server = Server::start(|_| Reply::status(404, "<html>Not here</html>"));
    let out = run_check(&server.base, &[], &creds());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("context path"), "{}", stderr(&out));
}

#[test]
fn a_malformed_second_page_fails_the_run_and_nothing_is_reported() {
    let server = Server::start(|req| match req.query("nextPageToken").as_deref() {
        None => Reply::json(fixture("jira_v3_page1.json")),
        _ => Reply::json("{\"issues\": [{\"key\": \"MESOS-336\", \"fields\": {"),
    });
    let out = run_check(&server.base, &["--fail-on", "never"], &creds());
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "a partial result must not be reported"
    );
    assert!(stderr(&out).contains("page 2"), "{}", stderr(&out));
    assert!(stderr(&out).contains("malformed"), "{}", stderr(&out));
}

#[test]
fn an_html_page_instead_of_json_fails_with_exit_3() {
    let server = Server::start(|_| Reply {
        status: 200,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: "<html><body>Log in to Jira</body></html>".into(),
    });
    let out = run_check(&server.base, &[], &creds());
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_issue_that_cannot_be_read_makes_the_result_incomplete() {
    let server = Server::start(|_| {
        Reply::json("{\"issues\":[{\"key\":\"MESOS-1\",\"fields\":{\"summary\":\"Report executor terminations to framework schedulers.\"}},{\"key\":\"MESOS-2\",\"fields\":{}}],\"isLast\":true}")
    });
    let out = run_check(&server.base, &[], &creds());
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("incomplete"), "{}", stderr(&out));
}

#[test]
fn an_empty_result_passes_every_gate_with_a_warning() {
    let server = Server::start(|_| Reply::json("{\"issues\":[],\"isLast\":true}"));
    let out = run_check(
        &server.base,
        &["--fail-on", "almost", "--min-readiness-rate", "0.8"],
        &creds(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(keys(&report(&out)).len(), 0);
    assert!(stderr(&out).contains("no issues"), "{}", stderr(&out));
}

#[test]
fn missing_credentials_are_a_usage_error_before_any_request() {
    let server = Server::start(v3_pages);
    let out = run_check(&server.base, &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("READYLENS_JIRA_PAT"),
        "{}",
        stderr(&out)
    );
    assert!(server.requests().is_empty());
}

#[test]
fn a_redirect_to_another_host_is_never_followed() {
    let other = Server::start(v3_pages);
    let target = format!(
        "{}/rest/api/3/search/jql",
        other.base.replace("127.0.0.1", "localhost")
    );
    let server = Server::start(move |_| Reply::status(302, "").header("Location", &target));
    let out = run_check(&server.base, &[], &creds());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("redirects"), "{}", stderr(&out));
    assert!(other.requests().is_empty(), "the other host was contacted");
    assert_no_secret(&out, TOKEN);
}

#[test]
fn a_same_host_redirect_is_followed() {
    let server = Server::start(|req| {
        if req.path() == "/old/rest/api/3/search/jql" {
            let to = format!(
                "/rest/api/3/search/jql?{}",
                req.target.split_once('?').unwrap().1
            );
            return Reply::status(301, "").header("Location", &to);
        }
        v3_pages(req)
    });
    let out = run_check(&format!("{}/old", server.base), &[], &creds());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(keys(&report(&out)).len(), 5);
}

#[test]
fn an_unreachable_tracker_exits_3() {
    // Bind and drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = run_check(
        &format!("http://127.0.0.1:{port}"),
        &["--retries", "0"],
        &creds(),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot reach"), "{}", stderr(&out));
    assert_no_secret(&out, TOKEN);
}

#[test]
fn a_server_error_is_retried_then_reported_as_unreachable() {
    let server = Server::start(|_| {
        Reply::status(503, "{\"message\":\"maintenance\"}").header("Retry-After", "1")
    });
    let out = run_check(&server.base, &["--retries", "1"], &creds());
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 2);
    assert!(stderr(&out).contains("maintenance"), "{}", stderr(&out));
}

#[test]
fn the_gate_fails_on_not_ready_issues_from_the_tracker() {
    let server = Server::start(v3_pages);
    let out = run_check(&server.base, &["--fail-on", "not-ready"], &creds());
    let report = report(&out);
    let not_ready = report["backlog"]["not_ready"].as_u64().unwrap();
    assert!(
        not_ready > 0,
        "the fixture has issues without points or criteria"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("gate failed"));
}

#[test]
fn a_server_that_does_not_answer_times_out_with_exit_3() {
    let server = Server::start(|req| {
        std::thread::sleep(std::time::Duration::from_secs(3));
        v3_pages(req)
    });
    let started = std::time::Instant::now();
    let out = run_check(
        &server.base,
        &["--timeout", "1", "--retries", "0"],
        &creds(),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    assert!(out.stdout.is_empty());
    assert_no_secret(&out, TOKEN);
}

#[test]
fn history_and_summary_name_the_tracker_scope_without_secrets() {
    let server = Server::start(v3_pages);
    let dir = std::env::temp_dir().join(format!("readylens-remote-hist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hist = dir.join("h.jsonl").display().to_string();
    let summary = dir.join("s.md").display().to_string();
    let out = run_check(
        &server.base,
        &["--history", &hist, "--summary", &summary],
        &creds(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let h = std::fs::read_to_string(&hist).unwrap();
    let v: serde_json::Value = serde_json::from_str(h.trim()).unwrap();
    assert_eq!(
        v["scope"],
        format!(
            "jira {}: project = MESOS AND sprint in futureSprints()",
            server.base
        )
    );
    assert_eq!(v["issues"], 5);
    let s = std::fs::read_to_string(&summary).unwrap();
    for text in [&h, &s, &stdout(&out)] {
        assert!(!text.contains(TOKEN) && !text.contains(EMAIL));
    }
    assert_eq!(keys(&report(&out)).len(), 5);
    let _ = std::fs::remove_dir_all(&dir);
}
