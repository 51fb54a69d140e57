#![cfg(not(target_arch = "wasm32"))]
//! `readylens check --linear` against a fake Linear GraphQL API on 127.0.0.1
//! (`--api-url`): cursor paging, team and cycle filters, 429, an authentication error,
//! a malformed page, an empty result. Payloads: tests/fixtures/remote/linear_*.json
//! (text from ../shared/data/issues/deepse/jirasoftware.csv, Choetkiertikul et al. 2018).

mod remote_support;
use remote_support::*;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const KEY: &str = "lin_api_TestKey0123456789abcdef";

fn pages(req: &Request) -> Reply {
    assert_eq!(req.method, "POST");
    assert_eq!(req.path(), "/graphql");
    let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
    assert!(body["query"].as_str().unwrap().contains("pageInfo"));
    match body["variables"]["after"].as_str() {
        None => Reply::json(fixture("linear_page1.json")),
        Some("c2") => Reply::json(fixture("linear_page2.json")),
        Some(c) => Reply::status(
            400,
            format!("{{\"errors\":[{{\"message\":\"bad cursor {c}\"}}]}}"),
        ),
    }
}

fn check(server: &Server, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let api = format!("{}/graphql", server.base);
    let mut args: Vec<String> = [
        "check",
        "--linear",
        "--api-url",
        &api,
        "--now",
        "2026-11-28",
        "--format",
        "json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs, env)
}

#[test]
fn pages_by_cursor_with_team_and_cycle_filters() {
    let server = Server::start(pages);
    let out = check(
        &server,
        &["--team", "ENG", "--cycle", "12"],
        &[("READYLENS_LINEAR_TOKEN", KEY)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secret(&out, KEY);
    assert_eq!(keys(&report(&out)), ["ENG-1", "ENG-2", "ENG-3", "ENG-4"]);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let body: serde_json::Value = serde_json::from_str(&reqs[0].body).unwrap();
    assert_eq!(body["variables"]["filter"]["team"]["key"]["eq"], "ENG");
    assert_eq!(body["variables"]["filter"]["cycle"]["number"]["eq"], 12);
    assert_eq!(
        body["variables"]["filter"]["state"]["type"]["nin"][0],
        "completed"
    );
    // A personal API key goes without "Bearer".
    assert_eq!(reqs[0].header("authorization"), Some(KEY));
}

#[test]
fn rate_limit_429_is_retried() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let server = Server::start(move |req| {
        if h.fetch_add(1, Ordering::SeqCst) == 1 {
            return Reply::status(429, "{\"errors\":[{\"message\":\"Rate limit exceeded\",\"extensions\":{\"code\":\"RATELIMITED\"}}]}")
                .header("Retry-After", "1");
        }
        pages(req)
    });
    let out = check(&server, &[], &[("READYLENS_LINEAR_TOKEN", KEY)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 3);
    assert_eq!(keys(&report(&out)).len(), 4);
}

#[test]
fn authentication_errors_name_the_variable() {
    // Linear answers a bad key with HTTP 400 and a GraphQL error.
    let server = Server::start(|_| {
        Reply::status(400, "{\"errors\":[{\"message\":\"Authentication required, not authenticated\",\"extensions\":{\"code\":\"AUTHENTICATION_ERROR\"}}]}")
    });
    let out = check(&server, &[], &[("READYLENS_LINEAR_TOKEN", KEY)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Authentication required"),
        "{}",
        stderr(&out)
    );
    assert_no_secret(&out, KEY);
    // The same error with HTTP 200.
    let server = Server::start(|_| {
        Reply::json("{\"errors\":[{\"message\":\"Authentication required, not authenticated\",\"extensions\":{\"code\":\"AUTHENTICATION_ERROR\"}}],\"data\":null}")
    });
    let out = check(&server, &[], &[("READYLENS_LINEAR_TOKEN", KEY)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("READYLENS_LINEAR_TOKEN"),
        "{}",
        stderr(&out)
    );
    // No key at all: nothing is sent.
    let server = Server::start(pages);
    let out = check(&server, &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(server.requests().is_empty());
}

#[test]
fn a_malformed_page_fails_with_exit_3() {
    let server = Server::start(|req| {
        let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
        if body["variables"]["after"].is_null() {
            Reply::json(fixture("linear_page1.json"))
        } else {
            Reply::json("{\"data\": {\"issues\": {\"pageInfo\": {\"hasNextPage\": false}}}}")
        }
    });
    let out = check(&server, &[], &[("READYLENS_LINEAR_TOKEN", KEY)]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_empty_cycle_passes() {
    let server = Server::start(|_| {
        Reply::json("{\"data\":{\"issues\":{\"nodes\":[],\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":null}}}}")
    });
    let out = check(
        &server,
        &["--fail-on", "not-ready"],
        &[("READYLENS_LINEAR_TOKEN", KEY)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(keys(&report(&out)).is_empty());
}
