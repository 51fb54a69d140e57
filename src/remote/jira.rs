//! Jira Cloud (REST v3 `search/jql`, `nextPageToken` paging, email + API token) and
//! Jira Data Center (REST v2 `search`, `startAt` paging, personal access token).

use serde_json::Value;

use super::http::{base64, encode, Client, Hints, Method, Options};
use super::{malformed, Pages, RemoteError, ENV_JIRA_EMAIL, ENV_JIRA_PAT, ENV_JIRA_TOKEN};

const PAGE: usize = 100;

pub(super) fn fetch(
    base: &str,
    jql: &str,
    api: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    opts: Options,
    pages: &mut Pages,
) -> Result<u64, RemoteError> {
    let email = env(ENV_JIRA_EMAIL);
    let token = env(ENV_JIRA_TOKEN);
    let pat = env(ENV_JIRA_PAT);
    let api = match api {
        Some(a) => a.to_string(),
        None if email.is_some() && token.is_some() => "v3".into(),
        None if pat.is_some() => "v2".into(),
        None => {
            return Err(RemoteError::Config(format!(
                "no Jira credentials: set {ENV_JIRA_EMAIL} and {ENV_JIRA_TOKEN} (Jira Cloud, an API token from id.atlassian.com) or {ENV_JIRA_PAT} (Data Center personal access token)"
            )))
        }
    };
    let (auth, secrets, who) = if api == "v3" {
        match (email, token) {
            (Some(e), Some(t)) => (
                format!("Basic {}", base64(format!("{e}:{t}").as_bytes())),
                vec![t.clone(), base64(format!("{e}:{t}").as_bytes())],
                format!("{ENV_JIRA_EMAIL} / {ENV_JIRA_TOKEN}"),
            ),
            _ => {
                return Err(RemoteError::Config(format!(
                    "--jira-api v3 needs {ENV_JIRA_EMAIL} and {ENV_JIRA_TOKEN}"
                )))
            }
        }
    } else {
        match pat {
            Some(p) => (
                format!("Bearer {p}"),
                vec![p.clone()],
                ENV_JIRA_PAT.to_string(),
            ),
            None => {
                return Err(RemoteError::Config(format!(
                    "--jira-api v2 needs {ENV_JIRA_PAT} (a Data Center personal access token)"
                )))
            }
        }
    };
    let hints = Hints {
        unauthorized: format!("Jira rejected the credentials: check {who} (the token may be expired or revoked)"),
        forbidden: "the Jira account may not browse these projects (needs the Browse Projects permission), or CAPTCHA is required after failed logins".into(),
        not_found: format!("check the Jira URL `{base}` (include the context path of a Data Center install, e.g. https://host/jira) and the REST API version (--jira-api)"),
    };
    let client = Client::new(base, secrets, opts, hints)?;
    let headers = [
        ("Authorization", auth),
        ("Accept", "application/json".to_string()),
    ];
    if api == "v3" {
        let mut token: Option<String> = None;
        loop {
            let mut url = format!(
                "{base}/rest/api/3/search/jql?jql={}&maxResults={PAGE}&fields=*all&expand=names",
                encode(jql)
            );
            if let Some(t) = &token {
                url.push_str(&format!("&nextPageToken={}", encode(t)));
            }
            let resp = client.send(Method::Get, &url, &headers, None)?;
            let page = pages.parse(&url, &resp.body)?;
            if !page.get("issues").is_some_and(Value::is_array) {
                return Err(malformed(pages, &url, "no `issues` array"));
            }
            pages.add(&url, &page)?;
            let next = page
                .get("nextPageToken")
                .and_then(Value::as_str)
                .map(str::to_string);
            let is_last = page.get("isLast").and_then(Value::as_bool);
            match (is_last, next) {
                (Some(true), _) | (None, None) => break,
                (Some(false), None) => {
                    return Err(malformed(
                        pages,
                        &url,
                        "`isLast` is false but there is no `nextPageToken`",
                    ))
                }
                (_, Some(n)) => {
                    if token.as_deref() == Some(n.as_str()) {
                        return Err(malformed(
                            pages,
                            &url,
                            "the same `nextPageToken` came back twice",
                        ));
                    }
                    token = Some(n);
                }
            }
        }
    } else {
        let mut start = 0usize;
        loop {
            let url = format!(
                "{base}/rest/api/2/search?jql={}&startAt={start}&maxResults={PAGE}&fields=*all&expand=names",
                encode(jql)
            );
            let resp = client.send(Method::Get, &url, &headers, None)?;
            let page = pages.parse(&url, &resp.body)?;
            let Some(n) = page.get("issues").and_then(Value::as_array).map(Vec::len) else {
                return Err(malformed(pages, &url, "no `issues` array"));
            };
            let Some(total) = page.get("total").and_then(Value::as_u64) else {
                return Err(malformed(pages, &url, "no `total`"));
            };
            pages.add(&url, &page)?;
            start += n;
            if start as u64 >= total {
                break;
            }
            if n == 0 {
                return Err(RemoteError::Unreachable(format!(
                    "Jira reported {total} issues but stopped returning them after {start}; the result would be incomplete"
                )));
            }
        }
    }
    Ok(client.waited())
}
