//! readylens: backlog readiness, story and acceptance-criteria quality, priority scoring
//! and KPI linkage for Jira, Linear, GitHub, Azure DevOps and GitLab.
//!
//! The core knows nothing of JavaScript: [`import`] reads tracker payloads into the
//! normalised [`model::Issue`], [`analyze::analyze`] produces a [`analyze::Report`], and
//! [`render`] turns it into text, JSON, Markdown or CSV. `src/wasm.rs` is the only file
//! that touches wasm-bindgen; `src/main.rs` is the CLI.

pub mod analyze;
pub mod config;
/// YAML configuration files for the CLI (native only: the WASM build reads JSON).
#[cfg(not(target_arch = "wasm32"))]
pub mod config_yaml;
pub mod diagnostic;
pub mod gate;
pub mod hygiene;
pub mod import;
pub mod json_path;
pub mod kpi;
pub mod model;
pub mod priority;
pub mod readiness;
#[cfg(not(target_arch = "wasm32"))]
pub mod remote;
pub mod render;
pub mod rules;
#[cfg(test)]
mod ts_types;

/// The JS-facing API (WASM builds only); public so the browser tests can call it.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analyze::{analyze, Report};
pub use config::Config;
pub use import::{import, Format, ImportError, Imported};
pub use model::Issue;
