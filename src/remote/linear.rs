//! Linear: open issues through the GraphQL API (`issues(filter, first, after)`), paged
//! with `pageInfo.endCursor`.

use serde_json::{json, Value};

use super::http::{Client, Hints, Method, Options};
use super::{malformed, Pages, RemoteError, ENV_LINEAR_TOKEN};

/// Every field the Linear importer reads (the same file the Node command sends).
const QUERY: &str = include_str!("../../bin/linear-issues.graphql");

/// The filter: open issues (not completed or canceled), of a team, in a cycle.
pub(super) fn filter(team: Option<&str>, cycle: Option<u32>) -> Value {
    let mut f = json!({"state": {"type": {"nin": ["completed", "canceled"]}}});
    if let Some(t) = team {
        f["team"] = json!({"key": {"eq": t}});
    }
    if let Some(c) = cycle {
        f["cycle"] = json!({"number": {"eq": c}});
    }
    f
}

pub(super) fn fetch(
    api: &str,
    team: Option<&str>,
    cycle: Option<u32>,
    env: &dyn Fn(&str) -> Option<String>,
    opts: Options,
    pages: &mut Pages,
) -> Result<u64, RemoteError> {
    let Some(token) = env(ENV_LINEAR_TOKEN) else {
        return Err(RemoteError::Config(format!(
            "no Linear credentials: set {ENV_LINEAR_TOKEN} to a personal API key (Settings → Security & access → API)"
        )));
    };
    let hints = Hints {
        unauthorized: format!("Linear rejected the key: check {ENV_LINEAR_TOKEN}"),
        forbidden: format!(
            "the key in {ENV_LINEAR_TOKEN} cannot read issues of this workspace or team"
        ),
        not_found: format!(
            "no GraphQL endpoint at {api} (the default is https://api.linear.app/graphql)"
        ),
    };
    let client = Client::new(api, vec![token.clone()], opts, hints)?;
    // Personal API keys go as they are; OAuth access tokens as bearer tokens.
    let auth = if token.starts_with("lin_api_") {
        token.clone()
    } else {
        format!("Bearer {token}")
    };
    let headers = [
        ("Authorization", auth),
        ("Content-Type", "application/json".to_string()),
        ("Accept", "application/json".to_string()),
    ];
    let filter = filter(team, cycle);
    let mut after: Option<String> = None;
    loop {
        let body = json!({"query": QUERY, "variables": {"filter": filter, "after": after}});
        let body = serde_json::to_vec(&body).unwrap_or_default();
        let resp = client.send(Method::Post, api, &headers, Some(&body))?;
        let page = pages.parse(api, &resp.body)?;
        if let Some(errs) = page.get("errors").and_then(Value::as_array) {
            let msgs: Vec<String> = errs
                .iter()
                .filter_map(|e| e.get("message").and_then(Value::as_str))
                .map(|m| client.redact(m))
                .collect();
            let auth_error = errs.iter().any(|e| {
                e.pointer("/extensions/code").and_then(Value::as_str)
                    == Some("AUTHENTICATION_ERROR")
            });
            let msg = format!("Linear answered with errors: {}", msgs.join("; "));
            return Err(if auth_error {
                RemoteError::Config(format!("{msg}. Check {ENV_LINEAR_TOKEN}"))
            } else {
                RemoteError::Config(msg)
            });
        }
        let Some(conn) = page.pointer("/data/issues") else {
            return Err(malformed(pages, api, "no `data.issues`"));
        };
        if !conn.get("nodes").is_some_and(Value::is_array) {
            return Err(malformed(pages, api, "no `data.issues.nodes` list"));
        }
        let has_next = conn
            .pointer("/pageInfo/hasNextPage")
            .and_then(Value::as_bool);
        let cursor = conn
            .pointer("/pageInfo/endCursor")
            .and_then(Value::as_str)
            .map(str::to_string);
        pages.add(api, &page)?;
        match (has_next, cursor) {
            (Some(false), _) => break,
            (Some(true), Some(c)) => {
                if after.as_deref() == Some(c.as_str()) {
                    return Err(malformed(
                        pages,
                        api,
                        "the same `endCursor` came back twice",
                    ));
                }
                after = Some(c);
            }
            _ => {
                return Err(malformed(
                    pages,
                    api,
                    "no `pageInfo.hasNextPage` / `endCursor`",
                ))
            }
        }
    }
    Ok(client.waited())
}

#[cfg(test)]
mod tests {
    #[test]
    fn filter_keeps_open_issues_of_the_team_and_cycle() {
        let f = super::filter(Some("ENG"), Some(12));
        assert_eq!(
            f["state"]["type"]["nin"],
            serde_json::json!(["completed", "canceled"])
        );
        assert_eq!(f["team"]["key"]["eq"], "ENG");
        assert_eq!(f["cycle"]["number"]["eq"], 12);
        let f = super::filter(None, None);
        assert!(f.get("team").is_none() && f.get("cycle").is_none());
    }
}
