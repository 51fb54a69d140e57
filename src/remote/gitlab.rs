//! GitLab: a project's open issues through `/api/v4/projects/:id/issues`, paged with
//! `x-next-page`; `PRIVATE-TOKEN` authentication.

use super::http::{encode, Client, Hints, Method, Options};
use super::{malformed, Pages, RemoteError, ENV_GITLAB_TOKEN};

pub(super) fn fetch(
    base: &str,
    project: &str,
    labels: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    opts: Options,
    pages: &mut Pages,
) -> Result<u64, RemoteError> {
    let token = env(ENV_GITLAB_TOKEN);
    let hints = Hints {
        unauthorized: format!("GitLab rejected the token: check {ENV_GITLAB_TOKEN} (a personal, project or group access token with the read_api scope)"),
        forbidden: format!("the token in {ENV_GITLAB_TOKEN} lacks the read_api scope or access to {project}"),
        not_found: format!("project {project} not found at {base}, or it is private and {ENV_GITLAB_TOKEN} is unset or cannot see it"),
    };
    let client = Client::new(base, token.iter().cloned().collect(), opts, hints)?;
    let mut headers = vec![("Accept", "application/json".to_string())];
    if let Some(t) = &token {
        headers.push(("PRIVATE-TOKEN", t.clone()));
    }
    let mut page_no: u64 = 1;
    let mut total: Option<u64> = None;
    loop {
        let mut url = format!(
            "{base}/api/v4/projects/{}/issues?state=opened&per_page=100&page={page_no}",
            encode(project)
        );
        if let Some(l) = labels {
            url.push_str(&format!("&labels={}", encode(l)));
        }
        let resp = client.send(Method::Get, &url, &headers, None)?;
        let page = pages.parse(&url, &resp.body)?;
        if !page.is_array() {
            return Err(malformed(pages, &url, "expected a list of issues"));
        }
        if let Some(t) = resp.header("x-total").and_then(|t| t.trim().parse().ok()) {
            total = Some(t);
        }
        pages.add(&url, &page)?;
        let next = resp.header("x-next-page").map(str::trim).unwrap_or("");
        if next.is_empty() {
            break;
        }
        match next.parse::<u64>() {
            Ok(n) if n > page_no => page_no = n,
            _ => {
                return Err(malformed(
                    pages,
                    &url,
                    "`x-next-page` does not move forward",
                ))
            }
        }
    }
    if let Some(t) = total {
        if (pages.len() as u64) < t {
            return Err(RemoteError::Unreachable(format!(
                "GitLab reported {t} issues but returned {}; the result would be incomplete",
                pages.len()
            )));
        }
    }
    Ok(client.waited())
}
