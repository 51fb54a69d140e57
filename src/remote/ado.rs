//! Azure DevOps: a WIQL query (`POST _apis/wit/wiql`) for ids, then the work items in
//! batches of at most 200 (`GET _apis/wit/workitems?ids=…&$expand=all`).

use serde_json::{json, Value};

use super::http::{base64, encode, Client, Hints, Method, Options};
use super::{malformed, Pages, RemoteError, ENV_ADO_TOKEN};

const BATCH: usize = 200;

pub(super) fn fetch(
    api: &str,
    org: &str,
    project: &str,
    wiql: &str,
    env: &dyn Fn(&str) -> Option<String>,
    opts: Options,
    pages: &mut Pages,
) -> Result<u64, RemoteError> {
    let Some(token) = env(ENV_ADO_TOKEN) else {
        return Err(RemoteError::Config(format!(
            "no Azure DevOps credentials: set {ENV_ADO_TOKEN} to a personal access token with the Work Items (Read) scope"
        )));
    };
    let basic = base64(format!(":{token}").as_bytes());
    let hints = Hints {
        unauthorized: format!("Azure DevOps rejected the token: check {ENV_ADO_TOKEN} (expired, revoked, or for another organization)"),
        forbidden: format!("the token in {ENV_ADO_TOKEN} lacks the Work Items (Read) scope or access to {org}/{project}"),
        not_found: format!("organization/project {org}/{project} not found at {api}"),
    };
    let client = Client::new(api, vec![token.clone(), basic.clone()], opts, hints)?;
    let headers = [
        ("Authorization", format!("Basic {basic}")),
        ("Content-Type", "application/json".to_string()),
        ("Accept", "application/json".to_string()),
    ];
    let root = format!("{api}/{}/{}/_apis/wit", encode(org), encode(project));
    let url = format!("{root}/wiql?api-version=7.1");
    let body = serde_json::to_vec(&json!({"query": wiql})).unwrap_or_default();
    let resp = client.send(Method::Post, &url, &headers, Some(&body))?;
    let result = pages.parse(&url, &resp.body)?;
    let Some(items) = result.get("workItems").and_then(Value::as_array) else {
        return Err(if result.get("workItemRelations").is_some() {
            RemoteError::Config(
                "the WIQL is a link query; use a flat query (SELECT … FROM WorkItems WHERE …)"
                    .into(),
            )
        } else {
            malformed(pages, &url, "no `workItems` list in the WIQL result")
        });
    };
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        match item.get("id").and_then(Value::as_u64) {
            Some(id) => ids.push(id),
            None => {
                return Err(malformed(
                    pages,
                    &url,
                    "a work item reference without an id",
                ))
            }
        }
    }
    for batch in ids.chunks(BATCH) {
        let list: Vec<String> = batch.iter().map(u64::to_string).collect();
        let url = format!(
            "{root}/workitems?ids={}&$expand=all&api-version=7.1",
            list.join(",")
        );
        let resp = client.send(Method::Get, &url, &headers, None)?;
        let page = pages.parse(&url, &resp.body)?;
        let Some(n) = page.get("value").and_then(Value::as_array).map(Vec::len) else {
            return Err(malformed(pages, &url, "no `value` list"));
        };
        if n != batch.len() {
            return Err(RemoteError::Unreachable(format!(
                "Azure DevOps returned {n} of {} work items asked for; the result would be incomplete",
                batch.len()
            )));
        }
        pages.add(&url, &page)?;
    }
    Ok(client.waited())
}
