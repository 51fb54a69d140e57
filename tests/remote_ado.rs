#![cfg(not(target_arch = "wasm32"))]
//! `readylens check --ado` against a fake Azure DevOps on 127.0.0.1 (`--api-url`): WIQL
//! then work items in batches of 200 (250 items → 2 batches), basic auth with the PAT,
//! 429, 401, the 203 sign-in page, a malformed batch, a short batch, an empty query.
//! Payloads: tests/fixtures/remote/ado_*.json (text from
//! ../shared/data/issues/deepse/talendesb.csv, Choetkiertikul et al. 2018).

mod remote_support;
use remote_support::*;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const PAT: &str = "adoPat5rq7xk2mtestsecretvalue0000";
const WIQL: &str = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.State] = 'New'";

fn api(req: &Request) -> Reply {
    match (req.method.as_str(), req.path()) {
        ("POST", "/talend/esb%20team/_apis/wit/wiql") => {
            let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
            assert_eq!(body["query"], WIQL);
            Reply::json(fixture("ado_wiql.json"))
        }
        ("GET", "/talend/esb%20team/_apis/wit/workitems") => {
            let ids = req.query("ids").unwrap();
            let n = ids.split(',').count();
            assert!(n <= 200, "batch of {n}");
            if ids.starts_with("1000,") {
                Reply::json(fixture("ado_batch1.json"))
            } else {
                Reply::json(fixture("ado_batch2.json"))
            }
        }
        _ => Reply::status(404, "{\"message\":\"not found\"}"),
    }
}

fn check(server: &Server, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = vec![
        "check",
        "--ado",
        "talend/esb team",
        "--wiql",
        WIQL,
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
fn wiql_then_batches_of_200_with_basic_auth() {
    let server = Server::start(api);
    let out = check(&server, &[], &[("READYLENS_ADO_TOKEN", PAT)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secret(&out, PAT);
    let report = report(&out);
    let keys = keys(&report);
    assert_eq!(keys.len(), 250);
    assert_eq!(keys.first().map(String::as_str), Some("1000"));
    assert_eq!(keys.last().map(String::as_str), Some("1249"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "one WIQL and two batches");
    assert_eq!(reqs[1].query("ids").unwrap().split(',').count(), 200);
    assert_eq!(reqs[2].query("ids").unwrap().split(',').count(), 50);
    assert_eq!(reqs[1].query("$expand").as_deref(), Some("all"));
    // Basic base64(":" + PAT), computed independently.
    assert_eq!(
        reqs[0].header("authorization"),
        Some("Basic OmFkb1BhdDVycTd4azJtdGVzdHNlY3JldHZhbHVlMDAwMA==")
    );
    let basic = "OmFkb1BhdDVycTd4azJtdGVzdHNlY3JldHZhbHVlMDAwMA==";
    assert_no_secret(&out, basic);
}

#[test]
fn rate_limit_429_on_a_batch_is_retried() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let server = Server::start(move |req| {
        if req.method == "GET" && h.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::status(429, "{\"message\":\"TF400733: request was blocked\"}")
                .header("Retry-After", "1");
        }
        api(req)
    });
    let out = check(&server, &[], &[("READYLENS_ADO_TOKEN", PAT)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn unauthorized_and_sign_in_page_name_the_variable() {
    let server = Server::start(|_| Reply::status(401, ""));
    let out = check(&server, &[], &[("READYLENS_ADO_TOKEN", PAT)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("READYLENS_ADO_TOKEN"),
        "{}",
        stderr(&out)
    );
    assert_no_secret(&out, PAT);
    let server = Server::start(|_| Reply {
        status: 203,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: "<html><title>Azure DevOps Services | Sign In</title></html>".into(),
    });
    let out = check(&server, &[], &[("READYLENS_ADO_TOKEN", PAT)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("sign-in page"), "{}", stderr(&out));
    assert_no_secret(&out, PAT);
}

#[test]
fn a_malformed_or_short_batch_fails_with_exit_3() {
    let server = Server::start(|req| {
        if req.method == "GET" && !req.query("ids").unwrap().starts_with("1000,") {
            return Reply::json("{\"count\": 50, \"value\": [");
        }
        api(req)
    });
    let out = check(&server, &[], &[("READYLENS_ADO_TOKEN", PAT)]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let server = Server::start(|req| {
        if req.method == "GET" && !req.query("ids").unwrap().starts_with("1000,") {
            return Reply::json("{\"count\": 0, \"value\": []}");
        }
        api(req)
    });
    let out = check(&server, &[], &[("READYLENS_ADO_TOKEN", PAT)]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 of 50"), "{}", stderr(&out));
}

#[test]
fn an_empty_query_passes_without_fetching_items() {
    let server = Server::start(|_| Reply::json("{\"queryType\":\"flat\",\"workItems\":[]}"));
    let out = check(
        &server,
        &["--fail-on", "not-ready", "--min-readiness-rate", "1"],
        &[("READYLENS_ADO_TOKEN", PAT)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_link_query_is_a_usage_error() {
    let server =
        Server::start(|_| Reply::json("{\"queryType\":\"oneHop\",\"workItemRelations\":[]}"));
    let out = check(&server, &[], &[("READYLENS_ADO_TOKEN", PAT)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("flat query"));
}
