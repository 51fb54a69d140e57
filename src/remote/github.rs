//! GitHub: a repository's open issues (optionally of one milestone) through
//! `/repos/{o}/{r}/issues`, or a search through `/search/issues`; `Link` header paging;
//! pull requests are skipped.

use serde_json::Value;

use super::http::{encode, Client, Hints, Method, Options, Response};
use super::{malformed, Pages, RemoteError, ENV_GITHUB_TOKEN, ENV_GITHUB_TOKEN_FALLBACK};

/// The `rel="next"` URL of a `Link` header.
pub(super) fn next_link(resp: &Response) -> Option<String> {
    parse_next(resp.header("link")?)
}

fn parse_next(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| url.to_string())
    })
}

/// GitHub's search API returns at most this many results per query.
const SEARCH_CAP: u64 = 1000;

pub(super) fn fetch(
    api: &str,
    repo: &str,
    query: Option<&str>,
    milestone: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    opts: Options,
    pages: &mut Pages,
) -> Result<u64, RemoteError> {
    let token = env(ENV_GITHUB_TOKEN).or_else(|| env(ENV_GITHUB_TOKEN_FALLBACK));
    let hints = Hints {
        unauthorized: format!("GitHub rejected the token: check {ENV_GITHUB_TOKEN} (or {ENV_GITHUB_TOKEN_FALLBACK})"),
        forbidden: format!("the token in {ENV_GITHUB_TOKEN} / {ENV_GITHUB_TOKEN_FALLBACK} lacks access: a fine-grained token needs Issues: Read on {repo}; in Actions grant `permissions: issues: read`"),
        not_found: format!("repository {repo} not found at {api}, or it is private and {ENV_GITHUB_TOKEN} / {ENV_GITHUB_TOKEN_FALLBACK} is unset or cannot see it"),
    };
    let client = Client::new(api, token.iter().cloned().collect(), opts, hints)?;
    let mut headers = vec![
        ("Accept", "application/vnd.github+json".to_string()),
        ("X-GitHub-Api-Version", "2022-11-28".to_string()),
    ];
    if let Some(t) = &token {
        headers.push(("Authorization", format!("Bearer {t}")));
    }
    let (owner, name) = repo.split_once('/').unwrap_or((repo, ""));
    let repo_path = format!("{api}/repos/{}/{}", encode(owner), encode(name));
    let mut url = match query {
        Some(q) => format!(
            "{api}/search/issues?q={}&per_page=100",
            encode(&format!("repo:{repo} is:issue {q}"))
        ),
        None => {
            let mut u = format!("{repo_path}/issues?state=open&per_page=100");
            if let Some(m) = milestone {
                let number = resolve_milestone(&client, &headers, &repo_path, m)?;
                u.push_str(&format!("&milestone={number}"));
            }
            u
        }
    };
    let mut total: Option<u64> = None;
    loop {
        let resp = client.send(Method::Get, &url, &headers, None)?;
        let page = pages.parse(&url, &resp.body)?;
        let items = if query.is_some() {
            if page.get("incomplete_results").and_then(Value::as_bool) == Some(true) {
                return Err(RemoteError::Unreachable(
                    "GitHub search timed out and returned incomplete results; run again or narrow --query".into(),
                ));
            }
            let Some(t) = page.get("total_count").and_then(Value::as_u64) else {
                return Err(malformed(pages, &url, "no `total_count`"));
            };
            if t > SEARCH_CAP {
                return Err(RemoteError::Config(format!(
                    "the query matches {t} issues but GitHub search returns at most {SEARCH_CAP}; narrow --query (e.g. by milestone or label)"
                )));
            }
            total = Some(t);
            page.get("items").and_then(Value::as_array)
        } else {
            page.as_array()
        };
        let Some(items) = items else {
            return Err(malformed(pages, &url, "expected a list of issues"));
        };
        let issues: Vec<Value> = items
            .iter()
            .filter(|i| i.get("pull_request").map_or(true, Value::is_null))
            .cloned()
            .collect();
        let skipped = items.len() - issues.len();
        pages.add(&url, &Value::Array(issues))?;
        if let (Some(t), Some(s)) = (total.as_mut(), u64::try_from(skipped).ok()) {
            *t = t.saturating_sub(s);
        }
        match next_link(&resp) {
            Some(next) => url = next,
            None => break,
        }
    }
    if let Some(t) = total {
        if (pages.len() as u64) < t {
            return Err(RemoteError::Unreachable(format!(
                "GitHub reported {t} issues but returned {}; the result would be incomplete",
                pages.len()
            )));
        }
    }
    Ok(client.waited())
}

/// A milestone number from a number or a title.
fn resolve_milestone(
    client: &Client,
    headers: &[(&str, String)],
    repo_path: &str,
    m: &str,
) -> Result<String, RemoteError> {
    let m = m.trim();
    if !m.is_empty() && m.chars().all(|c| c.is_ascii_digit()) {
        return Ok(m.to_string());
    }
    let mut url = format!("{repo_path}/milestones?state=all&per_page=100");
    let mut seen = Vec::new();
    for _ in 0..super::MAX_PAGES {
        let resp = client.send(Method::Get, &url, headers, None)?;
        let list: Value = serde_json::from_slice(&resp.body).map_err(|e| {
            RemoteError::Unreachable(format!("the milestone list is malformed: {e}"))
        })?;
        for ms in list.as_array().into_iter().flatten() {
            let title = ms.get("title").and_then(Value::as_str).unwrap_or("");
            if title == m {
                if let Some(n) = ms.get("number").and_then(Value::as_u64) {
                    return Ok(n.to_string());
                }
            }
            seen.push(title.to_string());
        }
        match next_link(&resp) {
            Some(next) => url = next,
            None => break,
        }
    }
    Err(RemoteError::Config(format!(
        "no milestone titled `{m}` (found: {})",
        if seen.is_empty() {
            "none".to_string()
        } else {
            seen.join(", ")
        }
    )))
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_link_is_found_among_others() {
        let link = r#"<https://api.github.com/repositories/1/issues?page=1>; rel="prev", <https://api.github.com/repositories/1/issues?page=3>; rel="next", <https://api.github.com/repositories/1/issues?page=9>; rel="last""#;
        assert_eq!(
            super::parse_next(link).as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=3")
        );
        assert_eq!(
            super::parse_next(r#"<https://x/a?page=1>; rel="first""#),
            None
        );
        assert_eq!(super::parse_next("garbage"), None);
    }
}
