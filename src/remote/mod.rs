//! Tracker sources for the CLI (native only, issue #15): read issues straight from Jira
//! Cloud / Data Center, GitHub, GitLab, Linear and Azure DevOps, page by page to the
//! end, and hand every page to [`crate::import::import`].
//!
//! Guarantees: only the host named on the command line is contacted (same-host
//! redirects only, no proxy from the environment); tokens come from environment
//! variables and are redacted from every message; 429 / `Retry-After` and transient
//! errors are retried a bounded number of times with a capped wait; a page that cannot
//! be read, an item that cannot be imported or a count that does not add up fails the
//! whole fetch: a partial result is never reported as complete.

use std::time::Duration;

use crate::import::{self, Format};
use crate::model::Issue;

mod ado;
pub mod discover;
mod github;
mod gitlab;
pub mod http;
mod jira;
mod linear;

pub use http::Options;

/// Environment variables readylens reads tokens from.
pub const ENV_JIRA_EMAIL: &str = "READYLENS_JIRA_EMAIL";
pub const ENV_JIRA_TOKEN: &str = "READYLENS_JIRA_TOKEN";
pub const ENV_JIRA_PAT: &str = "READYLENS_JIRA_PAT";
pub const ENV_GITHUB_TOKEN: &str = "READYLENS_GITHUB_TOKEN";
pub const ENV_GITHUB_TOKEN_FALLBACK: &str = "GITHUB_TOKEN";
pub const ENV_GITLAB_TOKEN: &str = "READYLENS_GITLAB_TOKEN";
pub const ENV_LINEAR_TOKEN: &str = "READYLENS_LINEAR_TOKEN";
pub const ENV_ADO_TOKEN: &str = "READYLENS_ADO_TOKEN";

/// Help text listing the sources, their variables and the exit codes.
pub const HELP: &str = "\
Tracker sources (instead of FILES; tokens only from the environment, never printed):
  --jira URL --jql \"…\"          Jira Cloud: READYLENS_JIRA_EMAIL + READYLENS_JIRA_TOKEN (REST v3)
                                Jira Data Center: READYLENS_JIRA_PAT (REST v2, bearer)
  --github OWNER/REPO [--query \"…\" | --milestone M]
                                READYLENS_GITHUB_TOKEN or GITHUB_TOKEN (optional for public repos)
  --gitlab URL --project P [--labels L]
                                READYLENS_GITLAB_TOKEN (optional for public projects)
  --linear [--team KEY] [--cycle N]
                                READYLENS_LINEAR_TOKEN
  --ado ORG/PROJECT --wiql \"…\"  READYLENS_ADO_TOKEN (personal access token, Work Items: Read)
  --api-url URL                 API endpoint for GitHub Enterprise, Linear or Azure DevOps Server
Only the host named is contacted. 429/503 are retried (--retries, capped by --max-wait).

Exit codes: 0 = gate passed, 1 = gate failed (--fail-on, --min-readiness-rate),
2 = usage, input, configuration or credential error (incl. HTTP 400/401/403/404),
3 = tracker unreachable or incomplete (network, timeout, 5xx, 429 after retries,
    malformed page); nothing is analysed then.";

/// Why a fetch failed, and so the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    /// Bad usage, missing or rejected credentials, unknown project (exit 2).
    Config(String),
    /// The tracker could not be read completely (exit 3).
    Unreachable(String),
}

impl RemoteError {
    pub fn exit_code(&self) -> u8 {
        match self {
            RemoteError::Config(_) => 2,
            RemoteError::Unreachable(_) => 3,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            RemoteError::Config(m) | RemoteError::Unreachable(m) => m,
        }
    }
}

impl std::fmt::Display for RemoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

/// The source options of `readylens check`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SourceArgs {
    /// Jira base URL (Cloud `https://your.atlassian.net` or a Data Center URL with its context path).
    #[arg(long, value_name = "URL", help_heading = "Tracker sources")]
    pub jira: Option<String>,
    /// JQL query for --jira.
    #[arg(long, value_name = "JQL", help_heading = "Tracker sources")]
    pub jql: Option<String>,
    /// Jira REST API: v3 (Cloud, email + API token) or v2 (Data Center, personal access token); default from the variables set.
    #[arg(long, value_name = "v2|v3", value_parser = ["v2", "v3"], help_heading = "Tracker sources")]
    pub jira_api: Option<String>,
    /// GitHub repository `owner/repo` (open issues; pull requests are skipped).
    #[arg(long, value_name = "OWNER/REPO", help_heading = "Tracker sources")]
    pub github: Option<String>,
    /// GitHub search qualifiers added to `repo:OWNER/REPO is:issue` (e.g. `is:open label:ready`).
    #[arg(long, value_name = "QUERY", help_heading = "Tracker sources")]
    pub query: Option<String>,
    /// GitHub milestone, by number or title.
    #[arg(long, value_name = "M", help_heading = "Tracker sources")]
    pub milestone: Option<String>,
    /// GitLab base URL (e.g. `https://gitlab.com`).
    #[arg(long, value_name = "URL", help_heading = "Tracker sources")]
    pub gitlab: Option<String>,
    /// GitLab project id or path (`group/project`).
    #[arg(long, value_name = "P", help_heading = "Tracker sources")]
    pub project: Option<String>,
    /// GitLab labels filter (comma-separated, all must match).
    #[arg(long, value_name = "L", help_heading = "Tracker sources")]
    pub labels: Option<String>,
    /// Read open issues from Linear (GraphQL).
    #[arg(long, help_heading = "Tracker sources")]
    pub linear: bool,
    /// Linear team key (e.g. `ENG`).
    #[arg(long, value_name = "KEY", help_heading = "Tracker sources")]
    pub team: Option<String>,
    /// Linear cycle number.
    #[arg(long, value_name = "N", help_heading = "Tracker sources")]
    pub cycle: Option<u32>,
    /// Azure DevOps `organization/project`.
    #[arg(long, value_name = "ORG/PROJECT", help_heading = "Tracker sources")]
    pub ado: Option<String>,
    /// WIQL query for --ado (a flat work item query).
    #[arg(long, value_name = "WIQL", help_heading = "Tracker sources")]
    pub wiql: Option<String>,
    /// API endpoint override for --github (GitHub Enterprise: https://HOST/api/v3), --linear or --ado (Azure DevOps Server collection URL).
    #[arg(long, value_name = "URL", help_heading = "Tracker sources")]
    pub api_url: Option<String>,
    /// Timeout of each HTTP request, in seconds.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 30,
        help_heading = "Tracker sources"
    )]
    pub timeout: u64,
    /// Retries of a failed or rate-limited request.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 3,
        help_heading = "Tracker sources"
    )]
    pub retries: u32,
    /// Longest back-off accepted from Retry-After, in seconds; a longer one fails the run (exit 3).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 60,
        help_heading = "Tracker sources"
    )]
    pub max_wait: u64,
}

/// A tracker query, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Jira {
        base: String,
        jql: String,
        api: Option<String>,
    },
    GitHub {
        api: String,
        repo: String,
        query: Option<String>,
        milestone: Option<String>,
    },
    GitLab {
        base: String,
        project: String,
        labels: Option<String>,
    },
    Linear {
        api: String,
        team: Option<String>,
        cycle: Option<u32>,
    },
    Ado {
        api: String,
        org: String,
        project: String,
        wiql: String,
    },
}

impl SourceArgs {
    /// The source asked for, if any; options that belong to another source, or two
    /// sources at once, are usage errors.
    pub fn source(&self) -> Result<Option<Source>, RemoteError> {
        let usage = |m: &str| Err(RemoteError::Config(m.to_string()));
        let chosen = [
            self.jira.is_some(),
            self.github.is_some(),
            self.gitlab.is_some(),
            self.linear,
            self.ado.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if chosen > 1 {
            return usage("choose one source: --jira, --github, --gitlab, --linear or --ado");
        }
        let stray = |flag: &str, set: bool, owner: &str| -> Result<(), RemoteError> {
            if set {
                Err(RemoteError::Config(format!("{flag} needs {owner}")))
            } else {
                Ok(())
            }
        };
        stray("--jql", self.jql.is_some() && self.jira.is_none(), "--jira")?;
        stray(
            "--jira-api",
            self.jira_api.is_some() && self.jira.is_none(),
            "--jira",
        )?;
        stray(
            "--query",
            self.query.is_some() && self.github.is_none(),
            "--github",
        )?;
        stray(
            "--milestone",
            self.milestone.is_some() && self.github.is_none(),
            "--github",
        )?;
        stray(
            "--project",
            self.project.is_some() && self.gitlab.is_none(),
            "--gitlab",
        )?;
        stray(
            "--labels",
            self.labels.is_some() && self.gitlab.is_none(),
            "--gitlab",
        )?;
        stray("--team", self.team.is_some() && !self.linear, "--linear")?;
        stray("--cycle", self.cycle.is_some() && !self.linear, "--linear")?;
        stray("--wiql", self.wiql.is_some() && self.ado.is_none(), "--ado")?;
        stray(
            "--api-url",
            self.api_url.is_some() && self.github.is_none() && !self.linear && self.ado.is_none(),
            "--github, --linear or --ado",
        )?;
        let trim = |s: &str| s.trim().trim_end_matches('/').to_string();
        if let Some(base) = &self.jira {
            let Some(jql) = self.jql.clone().filter(|j| !j.trim().is_empty()) else {
                return usage("--jira needs --jql \"…\" (e.g. --jql \"project = ABC AND sprint in futureSprints()\")");
            };
            return Ok(Some(Source::Jira {
                base: trim(base),
                jql,
                api: self.jira_api.clone(),
            }));
        }
        if let Some(repo) = &self.github {
            let repo = repo.trim().to_string();
            let parts: Vec<&str> = repo.split('/').collect();
            if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
                return usage("--github expects OWNER/REPO");
            }
            if self.query.is_some() && self.milestone.is_some() {
                return usage("--github takes --query or --milestone, not both (put `milestone:\"…\"` in the query)");
            }
            return Ok(Some(Source::GitHub {
                api: self
                    .api_url
                    .as_deref()
                    .map(trim)
                    .unwrap_or_else(|| "https://api.github.com".into()),
                repo,
                query: self.query.clone(),
                milestone: self.milestone.clone(),
            }));
        }
        if let Some(base) = &self.gitlab {
            let Some(project) = self.project.clone().filter(|p| !p.trim().is_empty()) else {
                return usage("--gitlab needs --project (an id or group/project path)");
            };
            return Ok(Some(Source::GitLab {
                base: trim(base),
                project: project.trim().to_string(),
                labels: self.labels.clone(),
            }));
        }
        if self.linear {
            return Ok(Some(Source::Linear {
                api: self
                    .api_url
                    .as_deref()
                    .map(trim)
                    .unwrap_or_else(|| "https://api.linear.app/graphql".into()),
                team: self.team.clone(),
                cycle: self.cycle,
            }));
        }
        if let Some(op) = &self.ado {
            let Some((org, project)) = op
                .trim()
                .split_once('/')
                .filter(|(o, p)| !o.is_empty() && !p.is_empty() && !p.contains('/'))
            else {
                return usage("--ado expects ORGANIZATION/PROJECT");
            };
            let Some(wiql) = self.wiql.clone().filter(|w| !w.trim().is_empty()) else {
                return usage("--ado needs --wiql \"SELECT [System.Id] FROM WorkItems WHERE …\"");
            };
            return Ok(Some(Source::Ado {
                api: self
                    .api_url
                    .as_deref()
                    .map(trim)
                    .unwrap_or_else(|| "https://dev.azure.com".into()),
                org: org.to_string(),
                project: project.to_string(),
                wiql,
            }));
        }
        Ok(None)
    }

    pub fn options(&self) -> Options {
        Options {
            timeout: Duration::from_secs(self.timeout.max(1)),
            retries: self.retries,
            max_wait: Duration::from_secs(self.max_wait),
        }
    }
}

/// Issues read from a tracker, complete.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub issues: Vec<Issue>,
    /// A one-line description of what was read (no secrets).
    pub scope: String,
    pub pages: usize,
    /// Seconds spent in back-off.
    pub waited: u64,
}

impl Source {
    /// What is read, for messages, summaries and the history file.
    pub fn scope(&self) -> String {
        match self {
            Source::Jira { base, jql, .. } => format!("jira {base}: {jql}"),
            Source::GitHub {
                repo,
                query,
                milestone,
                ..
            } => match (query, milestone) {
                (Some(q), _) => format!("github {repo}: {q}"),
                (None, Some(m)) => format!("github {repo}: milestone {m}"),
                (None, None) => format!("github {repo}: open issues"),
            },
            Source::GitLab {
                base,
                project,
                labels,
            } => match labels {
                Some(l) => format!("gitlab {base} {project}: open issues labelled {l}"),
                None => format!("gitlab {base} {project}: open issues"),
            },
            Source::Linear { team, cycle, .. } => {
                let mut s = "linear: open issues".to_string();
                if let Some(t) = team {
                    s.push_str(&format!(" of team {t}"));
                }
                if let Some(c) = cycle {
                    s.push_str(&format!(" in cycle {c}"));
                }
                s
            }
            Source::Ado {
                org, project, wiql, ..
            } => format!("ado {org}/{project}: {wiql}"),
        }
    }
}

/// Read every issue the source names. `env` looks up environment variables (tests pass
/// their own).
pub fn fetch(
    source: &Source,
    env: &dyn Fn(&str) -> Option<String>,
    opts: Options,
) -> Result<Fetched, RemoteError> {
    let env = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let mut pages = Pages::new(source_format(source));
    let waited = match source {
        Source::Jira { base, jql, api } => {
            jira::fetch(base, jql, api.as_deref(), &env, opts, &mut pages)?
        }
        Source::GitHub {
            api,
            repo,
            query,
            milestone,
        } => github::fetch(
            api,
            repo,
            query.as_deref(),
            milestone.as_deref(),
            &env,
            opts,
            &mut pages,
        )?,
        Source::GitLab {
            base,
            project,
            labels,
        } => gitlab::fetch(base, project, labels.as_deref(), &env, opts, &mut pages)?,
        Source::Linear { api, team, cycle } => {
            linear::fetch(api, team.as_deref(), *cycle, &env, opts, &mut pages)?
        }
        Source::Ado {
            api,
            org,
            project,
            wiql,
        } => ado::fetch(api, org, project, wiql, &env, opts, &mut pages)?,
    };
    pages.finish(source.scope(), waited)
}

fn source_format(source: &Source) -> Format {
    match source {
        Source::Jira { .. } => Format::JiraJson,
        Source::GitHub { .. } => Format::GithubJson,
        Source::GitLab { .. } => Format::GitlabJson,
        Source::Linear { .. } => Format::LinearJson,
        Source::Ado { .. } => Format::AdoJson,
    }
}

/// Collects pages: parses each, imports its issues, and refuses to finish with any
/// item unread.
pub(crate) struct Pages {
    format: Format,
    issues: Vec<Issue>,
    problems: Vec<String>,
    /// Pages imported.
    count: usize,
    /// Responses parsed (the number of the page being looked at).
    seen: usize,
}

/// Hard stop against a server that pages forever.
pub(crate) const MAX_PAGES: usize = 10_000;

impl Pages {
    fn new(format: Format) -> Self {
        Pages {
            format,
            issues: Vec::new(),
            problems: Vec::new(),
            count: 0,
            seen: 0,
        }
    }

    /// Parse a page body as JSON; a body that is not JSON fails the fetch.
    pub(crate) fn parse(
        &mut self,
        url: &str,
        body: &[u8],
    ) -> Result<serde_json::Value, RemoteError> {
        self.seen += 1;
        let text = String::from_utf8_lossy(body);
        import::json::parse("page", &text).map_err(|e| {
            RemoteError::Unreachable(format!(
                "page {} from {} is malformed ({}: {}); nothing was analysed",
                self.seen,
                url.split('?').next().unwrap_or(url),
                e.location,
                e.message
            ))
        })
    }

    /// Import the issues of one page (already checked for shape by the source).
    pub(crate) fn add(
        &mut self,
        url: &str,
        page: &serde_json::Value,
    ) -> Result<usize, RemoteError> {
        self.count += 1;
        if self.count > MAX_PAGES {
            return Err(RemoteError::Unreachable(format!(
                "more than {MAX_PAGES} pages; stopping (does the server page forever?)"
            )));
        }
        let bytes = serde_json::to_vec(page).unwrap_or_default();
        let source = format!("page {}", self.count);
        let imported = import::import(&source, &bytes, Some(self.format)).map_err(|e| {
            RemoteError::Unreachable(format!(
                "page {} from {} cannot be read: {e}",
                self.count,
                url.split('?').next().unwrap_or(url)
            ))
        })?;
        let n = imported.issues.len();
        self.problems
            .extend(imported.problems.iter().map(|p| p.to_string()));
        self.issues.extend(imported.issues);
        Ok(n)
    }

    pub(crate) fn len(&self) -> usize {
        self.issues.len() + self.problems.len()
    }

    fn finish(self, scope: String, waited: u64) -> Result<Fetched, RemoteError> {
        if !self.problems.is_empty() {
            let shown: Vec<&str> = self.problems.iter().take(5).map(String::as_str).collect();
            return Err(RemoteError::Unreachable(format!(
                "{} item{} could not be read, so the result would be incomplete: {}",
                self.problems.len(),
                if self.problems.len() == 1 { "" } else { "s" },
                shown.join("; ")
            )));
        }
        Ok(Fetched {
            issues: self.issues,
            scope,
            pages: self.count,
            waited,
        })
    }
}

/// An error for a page that is JSON but not the expected shape.
pub(crate) fn malformed(pages: &Pages, url: &str, what: &str) -> RemoteError {
    RemoteError::Unreachable(format!(
        "page {} from {} is malformed: {what}; nothing was analysed",
        pages.seen,
        url.split('?').next().unwrap_or(url)
    ))
}
