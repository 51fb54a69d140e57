#![cfg(not(target_arch = "wasm32"))]
//! `readylens check --gitlab` against a fake GitLab on 127.0.0.1: `x-next-page` paging,
//! `PRIVATE-TOKEN`, labels filter, 429, 401, a malformed page, an empty result, a
//! short count. Payloads: tests/fixtures/remote/gitlab_*.json (text from
//! ../shared/data/issues/deepse/moodle.csv, Choetkiertikul et al. 2018).

mod remote_support;
use remote_support::*;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const TOKEN: &str = "glpat-TestToken_abcdefghijkl";

fn pages(req: &Request) -> Reply {
    assert_eq!(req.path(), "/api/v4/projects/moodle%2Fmoodle/issues");
    match req.query("page").as_deref() {
        Some("1") => Reply::json(fixture("gitlab_page1.json"))
            .header("x-next-page", "2")
            .header("x-total", "4"),
        Some("2") => Reply::json(fixture("gitlab_page2.json"))
            .header("x-next-page", "")
            .header("x-total", "4"),
        _ => Reply::status(400, "{\"message\":\"bad page\"}"),
    }
}

fn check(server: &Server, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = vec![
        "check",
        "--gitlab",
        &server.base,
        "--project",
        "moodle/moodle",
        "--now",
        "2026-11-28",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run(&args, env)
}

#[test]
fn pages_with_x_next_page_and_sends_the_private_token() {
    let server = Server::start(pages);
    let out = check(
        &server,
        &["--labels", "feature,backlog"],
        &[("READYLENS_GITLAB_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secret(&out, TOKEN);
    assert_eq!(
        keys(&report(&out)),
        [
            "moodle/moodle#11",
            "moodle/moodle#12",
            "moodle/moodle#13",
            "moodle/moodle#14"
        ]
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_eq!(r.header("private-token"), Some(TOKEN));
        assert_eq!(r.query("state").as_deref(), Some("opened"));
        assert_eq!(r.query("labels").as_deref(), Some("feature,backlog"));
    }
}

#[test]
fn rate_limit_429_is_retried() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let server = Server::start(move |req| {
        if req.query("page").as_deref() == Some("2") && h.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::status(429, "Retry later\n").header("Retry-After", "1");
        }
        pages(req)
    });
    let out = check(&server, &[], &[("READYLENS_GITLAB_TOKEN", TOKEN)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 3);
    assert_eq!(keys(&report(&out)).len(), 4);
}

#[test]
fn unauthorized_names_the_variable_and_scope() {
    let server = Server::start(|_| Reply::status(401, "{\"message\":\"401 Unauthorized\"}"));
    let out = check(&server, &[], &[("READYLENS_GITLAB_TOKEN", TOKEN)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("READYLENS_GITLAB_TOKEN") && stderr(&out).contains("read_api"));
    assert_no_secret(&out, TOKEN);
}

#[test]
fn a_malformed_page_fails_with_exit_3() {
    let server = Server::start(|req| match req.query("page").as_deref() {
        Some("1") => Reply::json(fixture("gitlab_page1.json")).header("x-next-page", "2"),
        _ => Reply::json("[{\"iid\": 13, \"title\": "),
    });
    let out = check(&server, &[], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn fewer_issues_than_x_total_is_incomplete() {
    let server = Server::start(|_| {
        Reply::json(fixture("gitlab_page1.json"))
            .header("x-next-page", "")
            .header("x-total", "5")
    });
    let out = check(&server, &[], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("incomplete"));
}

#[test]
fn an_empty_project_passes() {
    let server = Server::start(|_| {
        Reply::json("[]")
            .header("x-next-page", "")
            .header("x-total", "0")
    });
    let out = check(&server, &["--fail-on", "almost"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(keys(&report(&out)).is_empty());
}
