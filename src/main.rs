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

    use readylens::import::{self, Format};
    use readylens::readiness::Verdict;
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
        after_help = "Exit codes: 0 = ok, 1 = the gate chosen with --fail-on failed, 2 = bad usage, input or configuration.\nInput formats: text, jira-csv, linear-csv, gitlab-csv, csv, jira-json, linear-json, github-json, ado-json, gitlab-json (detected from the content unless --input-format is given)."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Analyse tracker exports and report readiness, findings, priority and KPI hints.
        Check {
            /// Files to read; `-` reads standard input.
            #[arg(required = true)]
            files: Vec<PathBuf>,
            /// Output format: text, json, markdown or csv.
            #[arg(long, default_value = "text")]
            format: String,
            /// Configuration file (JSON).
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
            /// Exit 1 when any issue has an `error` finding, any `warning`, or is not ready.
            #[arg(long, default_value = "never", value_parser = ["never", "error", "warning", "not-ready"])]
            fail_on: String,
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
            Command::Check {
                files,
                format,
                config,
                input_format,
                now,
                color,
                fail_on,
            } => {
                let out_format = OutputFormat::from_name(&format).ok_or_else(|| {
                    format!("unknown --format `{format}` (use text, json, markdown or csv)")
                })?;
                let mut config = load_config(config.as_ref())?;
                if let Some(now) = now {
                    config.readiness.now = Some(now);
                    config.readiness.validate()?;
                } else if config.readiness.now.is_none() {
                    config.readiness.now = Some(today());
                }
                let issues = read_inputs(&files, input_format.as_deref())?;
                let progress = std::io::stderr().is_terminal() && issues.len() > 2000;
                if progress {
                    eprint!("readylens: analysing {} issues…", issues.len());
                }
                let report = analyze(&issues, &config);
                if progress {
                    eprintln!(" done");
                }
                let mut stdout = std::io::stdout().lock();
                let color = match color.as_str() {
                    "always" => true,
                    "never" => false,
                    _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                };
                let rendered = if out_format == OutputFormat::Text {
                    render::text(&report, color)
                } else {
                    render::render(&report, out_format)
                };
                let _ = stdout.write_all(rendered.as_bytes());
                let _ = stdout.write_all(b"\n");
                let failed = match fail_on.as_str() {
                    "error" => report.backlog.errors > 0,
                    "warning" => report.backlog.errors + report.backlog.warnings > 0,
                    "not-ready" => report
                        .issues
                        .iter()
                        .any(|r| r.readiness.verdict != Verdict::Ready),
                    _ => false,
                };
                Ok(if failed { EXIT_GATE } else { EXIT_OK })
            }
            Command::Import {
                files,
                input_format,
            } => {
                let issues = read_inputs(&files, input_format.as_deref())?;
                let json = serde_json::to_string_pretty(&issues).map_err(|e| e.to_string())?;
                println!("{json}");
                Ok(EXIT_OK)
            }
        }
    }

    fn load_config(path: Option<&PathBuf>) -> Result<Config, String> {
        match path {
            None => Ok(Config::default()),
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| format!("cannot read configuration {}: {e}", p.display()))?;
                Config::from_json(&text).map_err(|e| format!("{}: {e}", p.display()))
            }
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
