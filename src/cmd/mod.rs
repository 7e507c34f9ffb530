//! One module per subcommand. Each returns an `Output`; none prints.

pub mod changes;
pub mod check;
pub mod codeowners;
pub mod completions;
pub mod demo;
pub mod export;
pub mod import;
pub mod list;
pub mod log;
pub mod new;
pub mod overdue;
pub mod remind;
pub mod report;
pub mod returns;
pub mod show;
pub mod similar;
pub mod status;
pub mod themes;
pub mod update;

use crate::cli::{Command, Format};
use crate::config::Config;
use crate::git::snapshot::Snapshot;
use crate::guard::privacy::Scanner;
use crate::plan::diag::{render, Diagnostic, Severity};
use crate::plan::load::{Plans, Scan};
use crate::plan::validate::validate;
use crate::{InvalidPlans, Output};
use std::path::Path;

pub fn dispatch(command: &Command, config: &Config) -> anyhow::Result<Output> {
    check_format(command, config.format)?;
    let mut out = match command {
        Command::Check(a) => check::run(config, a),
        Command::Status(a) => status::run(config, a),
        Command::Overdue(a) => overdue::run(config, a),
        Command::List(a) => list::run(config, a),
        Command::Show(a) => show::run(config, a),
        Command::Log(a) => log::run(config, a),
        Command::Update(a) => update::run(config, a),
        Command::Changes(a) => changes::run(config, a),
        Command::Report(a) => report::run(config, a),
        Command::Remind(a) => remind::run(config, a),
        Command::Themes(a) => themes::run(config, a),
        Command::Similar(a) => similar::run(config, a),
        Command::New(a) => new::run(config, a),
        Command::Import(a) => import::run(config, a),
        Command::Export(a) => export::run(config, a),
        Command::Codeowners(a) => codeowners::run(config, a),
        Command::Completions(a) => completions::completions(a),
        Command::Man(a) => completions::man(a),
        Command::Demo(a) => demo::run(config, a),
    }?;
    if let Some(c) = config.at_commit.get() {
        out.stderr.insert_str(
            0,
            &format!(
                "sct: the plans as at commit {} of {} ({})\n",
                c.short(),
                c.committed.format("%Y-%m-%d %H:%M"),
                c.subject
            ),
        );
    }
    Ok(out)
}

/// Refuses a --format the command does not write, rather than quietly writing a table.
fn check_format(command: &Command, format: Format) -> anyhow::Result<()> {
    use Format::*;
    let (name, formats): (&str, &[Format]) = match command {
        Command::Status(_) => ("status", &[Table, Json, Csv, Markdown]),
        Command::Overdue(_) => ("overdue", &[Table, Json, Csv, Tsv, Markdown]),
        Command::List(_) => ("list", &[Table, Json, Csv, Tsv, Markdown]),
        Command::Report(_) => ("report", &[Table, Markdown, Html, Csv, Json]),
        Command::Remind(_) => ("remind", &[Table, Markdown, Eml]),
        Command::Check(_) => ("check", &[Table, Json, Github, Gitlab, Sarif]),
        Command::Themes(_) => ("themes", &[Table, Json, Csv, Markdown]),
        Command::Similar(_) => ("similar", &[Table, Json]),
        Command::Show(_) => ("show", &[Table, Json]),
        Command::Log(_) => ("log", &[Table, Json]),
        Command::Changes(_) => ("changes", &[Table, Json]),
        // update reports in words; --format does not apply.
        Command::Update(_) => ("update", &[Table]),
        // These write files or scripts of their own kind.
        Command::New(_) => ("new", &[Table]),
        Command::Import(_) => ("import", &[Table]),
        Command::Export(_) => ("export", &[Table]),
        Command::Codeowners(_) => ("codeowners", &[Table]),
        Command::Completions(_) => ("completions", &[Table]),
        Command::Man(_) => ("man", &[Table]),
        Command::Demo(_) => ("demo", &[Table]),
    };
    if formats.contains(&format) {
        return Ok(());
    }
    if formats == [Table] {
        anyhow::bail!("`sct {name}` does not take --format");
    }
    let names: Vec<&str> = formats.iter().map(|f| f.as_str()).collect();
    let (last, rest) = names.split_last().expect("every command writes a format");
    anyhow::bail!(
        "`sct {name}` does not write --format {}\n  = hint: it writes {} or {last}",
        format.as_str(),
        rest.join(", ")
    )
}

/// The plans named by the global options: `--plans`, and `--at` if given (the commit it
/// resolved to is kept for the note on stderr).
pub fn open_snapshot(config: &Config, scan: Option<Scan>) -> anyhow::Result<Snapshot> {
    let snap = Snapshot::open(
        &config.plans,
        config.at.as_deref(),
        config.repo_root(),
        scan,
    )?;
    if let Some(commit) = &snap.commit {
        let _ = config.at_commit.set(commit.clone());
    }
    Ok(snap)
}

/// The privacy rule on every plan file read: its text, and the names of its file and of
/// the folders it is in (below the plans folder). A name finding is reported against the
/// path with the name masked: the path itself is what must not be shown.
pub fn privacy_rule<'a>(
    scanner: &'a Scanner,
    root: &'a Path,
) -> impl Fn(&Path, &str) -> Vec<Diagnostic> + Sync + 'a {
    move |path: &Path, text: &str| {
        let mut found = crate::plan::diag::privacy(scanner, path, text);
        found.extend(crate::plan::diag::privacy_in_names(scanner, root, path));
        found
    }
}

/// Loads the plans for a read command, refusing plans that have errors: a report that
/// silently left out a broken file would undercount what is overdue. Personal data is an
/// error like any other (the rule every command shares): no command reports on, shows or
/// writes from plans that hold it.
pub fn load_valid(config: &Config) -> anyhow::Result<Plans> {
    load_refusing(config, true)
}

/// The rule for the commands that read history rather than report on the plans (`log`,
/// `changes`): they run on plans with other errors, as they always have, but not on plans
/// that hold personal data (what they show from history is masked).
pub fn refuse_personal_data(config: &Config) -> anyhow::Result<()> {
    if config.at.is_none() && !config.plans.is_dir() {
        // No plans as they are (history alone): nothing here to refuse.
        return Ok(());
    }
    load_refusing(config, false).map(|_| ())
}

/// Loads the plans with the privacy rule, refusing them when they have errors (all of
/// them, or only personal data).
fn load_refusing(config: &Config, every_error: bool) -> anyhow::Result<Plans> {
    // The private list (SCT_FORBID) is searched for too; a list that cannot be read leaves
    // the built-in patterns, and no excerpt (none could be known to be free of its terms).
    let scanner = crate::guard::privacy::active();
    let note = config.forbid_error.clone().map(|e| anyhow::anyhow!(e));
    let run = privacy_rule(scanner, &config.plans);
    let scan = Scan {
        run: &run,
        key: scanner.key(),
    };
    let snap = open_snapshot(config, Some(scan))?;
    let mut diags = if every_error {
        validate(&snap.loaded.plans, None, snap.documents())
    } else {
        Vec::new()
    };
    diags.extend(snap.loaded.diagnostics.iter().cloned());
    diags.retain(|d| {
        d.severity == Severity::Error && (every_error || d.message.starts_with("personal data"))
    });
    if diags.is_empty() {
        if let Some(e) = note {
            return Err(e);
        }
        return Ok(snap.loaded.plans);
    }
    let n = diags.len();
    let (shown, note) = match note {
        None => (snap.locate_masked(diags, scanner), None),
        Some(e) => {
            let mut shown = snap.locate(diags);
            for d in &mut shown {
                d.source_line = None;
            }
            (shown, Some(format!("{e:#}; source lines left out\n")))
        }
    };
    let mut msg = format!(
        "the plans in {} have {n} error{}; fix {}:\n\n",
        config.plans.display(),
        if n == 1 { "" } else { "s" },
        if n == 1 { "it" } else { "them" }
    );
    if let Some(note) = note {
        msg.push_str(&note);
    }
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
