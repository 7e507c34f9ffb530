//! One module per subcommand. Each returns an `Output`; none prints.

pub mod check;
pub mod codeowners;
pub mod completions;
pub mod export;
pub mod import;
pub mod list;
pub mod new;
pub mod overdue;
pub mod show;
pub mod status;

use crate::cli::Command;
use crate::config::Config;
use crate::diag::{locate_all, render, Severity};
use crate::load::{load, Plans};
use crate::validate::validate;
use crate::{InvalidPlans, Output};

pub fn dispatch(command: &Command, config: &Config) -> anyhow::Result<Output> {
    match command {
        Command::Check(a) => check::run(config, a),
        Command::Status(a) => status::run(config, a),
        Command::Overdue(a) => overdue::run(config, a),
        Command::List(a) => list::run(config, a),
        Command::Show(a) => show::run(config, a),
        Command::New(a) => new::run(config, a),
        Command::Import(a) => import::run(config, a),
        Command::Export(a) => export::run(config, a),
        Command::Codeowners(a) => codeowners::run(config, a),
        Command::Completions(a) => completions::completions(a),
        Command::Man(a) => completions::man(a),
    }
}

/// Loads the plans for a read command, refusing plans that have errors: a report that
/// silently left out a broken file would undercount what is overdue.
pub fn load_valid(config: &Config) -> anyhow::Result<Plans> {
    let loaded = load(&config.plans)?;
    let mut diags = loaded.diagnostics;
    diags.extend(validate(&loaded.plans, None, &config.repo_root()));
    diags.retain(|d| d.severity == Severity::Error);
    if diags.is_empty() {
        return Ok(loaded.plans);
    }
    let n = diags.len();
    let shown = locate_all(diags);
    let mut msg = format!(
        "the plans in {} have {n} error{}; fix {}:\n\n",
        config.plans.display(),
        if n == 1 { "" } else { "s" },
        if n == 1 { "it" } else { "them" }
    );
    for d in shown.iter().take(5) {
        msg.push_str(&render(d, false));
    }
    if n > 5 {
        msg.push_str(&format!(
            "… and {} more: run `sct check` to see them all\n",
            n - 5
        ));
    }
    Err(InvalidPlans(msg.trim_end().to_string()).into())
}
