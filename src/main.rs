//! The `readylens` command-line tool: the native build of the same core the browser
//! extension and dashboard run as WebAssembly.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Parser, Subcommand};
    use std::io::{IsTerminal, Read, Write};
    use std::path::PathBuf;
    use std::process::ExitCode;

    use readylens::gate::{self, FailOn, Gate};
    use readylens::import::{self, Format};
    use readylens::remote::{self, discover, RemoteError, SourceArgs};
    use readylens::render::{self, OutputFormat};
    use readylens::{analyze, Config, Issue};

    /// Exit codes (also in the README).
    const EXIT_OK: u8 = 0;
    /// The backlog failed the gate chosen with `--fail-on`.
    const EXIT_GATE: u8 = 1;
    /// Bad usage, unreadable input or configuration.
    const EXIT_INPUT: u8 = 2;

    #[derive(Parser)]
    #[command(
        name = "readylens",
        version,
        about = "Check a backlog against your Definition of Ready, offline.",
        after_help = "Exit codes: 0 = ok, 1 = the gate chosen with --fail-on / --min-readiness-rate failed, 2 = bad usage, input, configuration or credentials, 3 = tracker unreachable or incomplete.\nInput formats: text, jira-csv, linear-csv, gitlab-csv, csv, jira-json, linear-json, github-json, ado-json, gitlab-json (detected from the content unless --input-format is given).\nSee `readylens check --help` for tracker sources (--jira, --github, --gitlab, --linear, --ado) and their environment variables."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(clap::Args)]
    struct CheckArgs {
        /// Files to read; `-` reads standard input. Not with a tracker source.
        files: Vec<PathBuf>,
        /// Output format: text, json, markdown, csv, junit (JUnit XML, one test case per issue) or github (GitHub Actions annotations).
        #[arg(long, default_value = "text")]
        format: String,
        /// Configuration file (JSON, or YAML when named .yaml/.yml); default: the first of readylens.json, readylens.yaml, readylens.yml in the current directory, else at the git repository root.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Input format; detected from the content when omitted.
        #[arg(long)]
        input_format: Option<String>,
        /// Today's date (YYYY-MM-DD) for the staleness check; defaults to the system date.
        #[arg(long)]
        now: Option<String>,
        /// Colour the text report: auto (when stdout is a terminal and NO_COLOR is unset), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        color: String,
        /// Exit 1 when any issue is not ready (not-ready), not ready or almost ready (almost), has an error finding (error), an error or warning finding (warning); never = no such gate.
        #[arg(long, default_value = "never", value_parser = clap::builder::PossibleValuesParser::new(FailOn::NAMES))]
        fail_on: String,
        /// Exit 1 when the share of ready issues is below this (0–1, e.g. 0.8).
        #[arg(long, value_name = "SHARE")]
        min_readiness_rate: Option<f64>,
        /// Write the Markdown gate summary to this file (it is also appended to $GITHUB_STEP_SUMMARY when that is set).
        #[arg(long, value_name = "FILE")]
        summary: Option<PathBuf>,
        /// Append one JSON line for this run (date, scope, readiness rate, health index, failing checks, KPI coverage).
        #[arg(long, value_name = "FILE")]
        history: Option<PathBuf>,
        /// After the report, print the backlog ranked by rice, ice, wsjf, cd3 or value-effort.
        #[arg(long, value_name = "FRAMEWORK")]
        rank: Option<String>,
        #[command(flatten)]
        source: SourceArgs,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Analyse tracker exports or a live tracker query; report readiness, findings, priority and KPI hints; gate CI on the result.
        #[command(after_help = readylens::remote::HELP)]
        Check(Box<CheckArgs>),
        /// Write a starter readylens.json for a Definition of Ready preset, with every check explained.
        Init {
            /// Preset: minimal, scrum, safe or strict.
            #[arg(long, default_value = "scrum", value_parser = ["minimal", "scrum", "safe", "strict"])]
            preset: String,
            /// Overwrite an existing file.
            #[arg(long)]
            force: bool,
            /// Where to write it.
            #[arg(long, default_value = "readylens.json")]
            path: PathBuf,
        },
        /// Find likely duplicates across the inputs (title and description, stemmed, indexed).
        Duplicates {
            /// Files to read; `-` reads standard input.
            #[arg(required = true)]
            files: Vec<PathBuf>,
            /// Candidates per issue (default: the configuration's `duplicates.top`).
            #[arg(long)]
            top: Option<usize>,
            /// Minimum similarity 0–1 (default: the configuration's `duplicates.threshold`).
            #[arg(long)]
            threshold: Option<f32>,
            /// Output format.
            #[arg(long, default_value = "text", value_parser = ["text", "json"])]
            format: String,
            /// Configuration file (JSON, or YAML when named .yaml/.yml).
            #[arg(long)]
            config: Option<PathBuf>,
            /// Input format; detected from the content when omitted.
            #[arg(long)]
            input_format: Option<String>,
        },
        /// Print the normalised issues read from the inputs, as JSON.
        Import {
            #[arg(required = true)]
            files: Vec<PathBuf>,
            #[arg(long)]
            input_format: Option<String>,
        },
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        match run(cli) {
            Ok(code) => ExitCode::from(code),
            Err(msg) => {
                eprintln!("readylens: {msg}");
                ExitCode::from(EXIT_INPUT)
            }
        }
    }

    fn run(cli: Cli) -> Result<u8, String> {
        match cli.command {
            Command::Check(args) => check(*args),
            Command::Init {
                preset,
                force,
                path,
            } => init(&preset, force, &path),
            Command::Duplicates {
                files,
                top,
                threshold,
                format,
                config,
                input_format,
            } => duplicates(&files, top, threshold, &format, config, input_format),
            Command::Import {
                files,
                input_format,
            } => {
                let issues = read_inputs(&files, input_format.as_deref())?;
                let json = serde_json::to_string_pretty(&issues).map_err(|e| e.to_string())?;
                // A closed pipe (`readylens import … | head`) is not an error.
                let mut stdout = std::io::stdout().lock();
                let _ = writeln!(stdout, "{json}");
                Ok(EXIT_OK)
            }
        }
    }

    /// `readylens check`: read files or a tracker, analyse, render, gate.
    fn check(args: CheckArgs) -> Result<u8, String> {
        let CheckArgs {
            files,
            format,
            config,
            input_format,
            now,
            color,
            fail_on,
            min_readiness_rate,
            summary,
            history,
            rank,
            source,
        } = args;
        let gate = Gate {
            fail_on: FailOn::from_name(&fail_on).unwrap_or_default(),
            min_readiness_rate,
        };
        gate.validate()?;
        let rank = match rank.as_deref() {
            None => None,
            Some(name) => Some(readylens::priority::Framework::from_name(name).ok_or_else(
                || format!("--rank: unknown framework `{name}` (use rice, ice, wsjf, cd3 or value-effort)"),
            )?),
        };
        let special = matches!(format.as_str(), "junit" | "github");
        let out_format = OutputFormat::from_name(&format);
        if out_format.is_none() && !special {
            return Err(format!(
                "unknown --format `{format}` (use text, json, markdown, csv, junit or github)"
            ));
        }
        let config_path = match config {
            Some(p) => Some(p),
            None => {
                let found = std::env::current_dir()
                    .ok()
                    .and_then(|d| discover::find_config(&d));
                if let Some(p) = &found {
                    eprintln!("readylens: using configuration {}", p.display());
                }
                found
            }
        };
        let mut config = load_config(config_path.as_ref())?;
        if let Some(now) = now {
            config.readiness.now = Some(now);
            config.readiness.validate()?;
        } else if config.readiness.now.is_none() {
            config.readiness.now = Some(today());
        }
        let remote_source = match source.source() {
            Ok(s) => s,
            Err(e) => return Err(e.to_string()),
        };
        let (issues, origins, scope) = match remote_source {
            Some(src) => {
                if !files.is_empty() {
                    return Err("give either FILES or a tracker source, not both".into());
                }
                if input_format.is_some() {
                    return Err("--input-format applies to FILES, not to a tracker source".into());
                }
                let env = |k: &str| std::env::var(k).ok();
                match remote::fetch(&src, &env, source.options()) {
                    Ok(f) => {
                        eprintln!(
                            "readylens: read {} issue{} from {} ({} page{}{})",
                            f.issues.len(),
                            if f.issues.len() == 1 { "" } else { "s" },
                            f.scope,
                            f.pages,
                            if f.pages == 1 { "" } else { "s" },
                            if f.waited > 0 {
                                format!(", waited {} s for rate limits", f.waited)
                            } else {
                                String::new()
                            }
                        );
                        let n = f.issues.len();
                        (f.issues, vec![None; n], f.scope)
                    }
                    Err(e @ RemoteError::Config(_)) | Err(e @ RemoteError::Unreachable(_)) => {
                        eprintln!("readylens: {e}");
                        return Ok(e.exit_code());
                    }
                }
            }
            None => {
                if files.is_empty() {
                    return Err("nothing to check: give FILES (or `-` for standard input) or a tracker source (--jira, --github, --gitlab, --linear, --ado)".into());
                }
                let mut issues = Vec::new();
                let mut origins = Vec::new();
                for f in &files {
                    let read = read_inputs(std::slice::from_ref(f), input_format.as_deref())?;
                    let name = f.display().to_string();
                    origins.extend(std::iter::repeat(Some(name)).take(read.len()));
                    issues.extend(read);
                }
                let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                (issues, origins, format!("files: {}", names.join(", ")))
            }
        };
        if issues.is_empty() {
            eprintln!("readylens: warning: no issues to check in {scope}");
        }
        let progress = std::io::stderr().is_terminal() && issues.len() > 2000;
        if progress {
            eprint!("readylens: analysing {} issues…", issues.len());
        }
        let report = analyze(&issues, &config);
        if progress {
            eprintln!(" done");
        }
        let color = match color.as_str() {
            "always" => true,
            "never" => false,
            _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        let rendered = match (format.as_str(), out_format) {
            ("junit", _) => gate::junit(&report, &format!("readylens: {scope}")),
            ("github", _) => gate::github(&report, &|i| origins.get(i).cloned().flatten()),
            (_, Some(OutputFormat::Text)) => render::text(&report, color),
            (_, Some(f)) => render::render(&report, f),
            (_, None) => String::new(),
        };
        let outcome = gate.evaluate(&report);
        {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(rendered.as_bytes());
            if !rendered.ends_with('\n') {
                let _ = stdout.write_all(b"\n");
            }
            if let Some(fw) = rank {
                let keys: Vec<String> = report.issues.iter().map(|r| r.key.clone()).collect();
                let titles: Vec<String> = report.issues.iter().map(|r| r.title.clone()).collect();
                let prs: Vec<_> = report.issues.iter().map(|r| r.priority.clone()).collect();
                let _ = stdout.write_all(
                    readylens::priority::ranked_table(&keys, &titles, &prs, fw).as_bytes(),
                );
            }
            let _ = stdout.flush();
        }
        let md = gate::markdown_summary(&report, &gate, &outcome, &scope, 50);
        if let Some(p) = &summary {
            std::fs::write(p, &md)
                .map_err(|e| format!("cannot write summary {}: {e}", p.display()))?;
        }
        if let Some(p) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
            append(&PathBuf::from(p), &md)
                .map_err(|e| format!("cannot append to $GITHUB_STEP_SUMMARY: {e}"))?;
        }
        if let Some(p) = &history {
            let date = config.readiness.now.clone().unwrap_or_else(today);
            let line = gate::HistoryEntry::new(&report, &date, &scope, &outcome).to_line();
            append(p, &format!("{line}\n"))
                .map_err(|e| format!("cannot append to history {}: {e}", p.display()))?;
        }
        if outcome.passed {
            Ok(EXIT_OK)
        } else {
            eprintln!("readylens: gate failed: {}", outcome.reasons.join("; "));
            Ok(EXIT_GATE)
        }
    }

    fn append(path: &PathBuf, text: &str) -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        f.write_all(text.as_bytes())
    }

    /// `readylens init`: write a starter configuration.
    fn init(preset: &str, force: bool, path: &PathBuf) -> Result<u8, String> {
        let preset: readylens::readiness::Preset =
            serde_json::from_value(serde_json::Value::String(preset.to_string()))
                .map_err(|e| format!("unknown preset `{preset}`: {e}"))?;
        if path.exists() && !force {
            return Err(format!(
                "{} exists; use --force to overwrite it",
                path.display()
            ));
        }
        let (text, explained_inside) = discover::starter_config(preset);
        std::fs::write(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
        if !explained_inside {
            println!("The built-in checks (change their level under readiness.checks, e.g. \"ready/estimate\": \"warning\"):");
        }
        for line in discover::check_explanations() {
            println!("  {line}");
        }
        Ok(EXIT_OK)
    }

    /// `readylens duplicates`: issues with likely duplicates, best match first, then the
    /// clusters they form.
    fn duplicates(
        files: &[PathBuf],
        top: Option<usize>,
        threshold: Option<f32>,
        format: &str,
        config: Option<PathBuf>,
        input_format: Option<String>,
    ) -> Result<u8, String> {
        let mut cfg = load_config(config.as_ref())?.duplicates;
        if let Some(top) = top {
            cfg.top = top;
        }
        if let Some(t) = threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(format!("--threshold must be between 0 and 1, got {t}"));
            }
            cfg.threshold = t;
        }
        let issues = read_inputs(files, input_format.as_deref())?;
        let report = readylens::hygiene::find_duplicates(&issues, &cfg);
        // Issues with candidates, strongest first; equal scores keep input order.
        let mut rows: Vec<(&Issue, &Vec<readylens::hygiene::Candidate>)> = issues
            .iter()
            .zip(&report.candidates)
            .filter(|(_, c)| !c.is_empty())
            .collect();
        rows.sort_by(|a, b| {
            let best = |c: &Vec<readylens::hygiene::Candidate>| c.first().map_or(0.0, |c| c.score);
            best(b.1).total_cmp(&best(a.1))
        });
        let mut out = String::new();
        if format == "json" {
            #[derive(serde::Serialize)]
            struct Row<'a> {
                key: &'a str,
                candidates: &'a [readylens::hygiene::Candidate],
            }
            let list: Vec<Row> = rows
                .iter()
                .map(|(i, c)| Row {
                    key: &i.key,
                    candidates: c,
                })
                .collect();
            out = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
        } else {
            let title: std::collections::HashMap<&str, &str> = issues
                .iter()
                .map(|i| (i.key.as_str(), i.title.as_str()))
                .collect();
            for (issue, cands) in &rows {
                out.push_str(&format!("{}  {}\n", issue.key, issue.title));
                for c in cands.iter() {
                    let mut why = c.evidence.join(", ");
                    if let Some(d) = c.days_apart {
                        if !why.is_empty() {
                            why.push_str("; ");
                        }
                        why.push_str(&match d {
                            0 => "filed the same day".to_string(),
                            1 => "filed 1 day apart".to_string(),
                            d => format!("filed {d} days apart"),
                        });
                    }
                    out.push_str(&format!(
                        "  {:.2}  {}  {}  [{}]\n",
                        c.score,
                        c.key,
                        title.get(c.key.as_str()).unwrap_or(&""),
                        why
                    ));
                }
            }
            out.push_str(&format!(
                "{} of {} issues have a likely duplicate (similarity ≥ {:.2}); {} clusters",
                rows.len(),
                issues.len(),
                cfg.threshold,
                report.clusters.len()
            ));
            for c in &report.clusters {
                out.push_str(&format!("\n  {}", c.keys.join(", ")));
            }
        }
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.write_all(b"\n");
        Ok(EXIT_OK)
    }

    fn load_config(path: Option<&PathBuf>) -> Result<Config, String> {
        match path {
            None => Ok(Config::default()),
            Some(p) => readylens::config_yaml::load(p),
        }
    }

    /// Read every input; per-row problems are reported on stderr and the rest kept.
    fn read_inputs(files: &[PathBuf], input_format: Option<&str>) -> Result<Vec<Issue>, String> {
        let format = match input_format {
            None => None,
            Some(name) => Some(Format::from_name(name).ok_or_else(|| {
                format!(
                    "unknown --input-format `{name}`; known: {}",
                    known_formats()
                )
            })?),
        };
        let mut all = Vec::new();
        for path in files {
            let name = path.display().to_string();
            let bytes = if name == "-" {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                buf
            } else {
                std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?
            };
            let imported = import::import(&name, &bytes, format).map_err(|e| e.to_string())?;
            for p in &imported.problems {
                eprintln!("readylens: warning: {p}");
            }
            all.extend(imported.issues);
        }
        Ok(all)
    }

    /// Today's UTC date as YYYY-MM-DD (civil-from-days, Howard Hinnant's algorithm).
    fn today() -> String {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let z = secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        format!("{y:04}-{m:02}-{d:02}")
    }

    fn known_formats() -> String {
        Format::ALL
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
