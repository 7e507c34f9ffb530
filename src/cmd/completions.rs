//! `sct completions SHELL` and `sct man`: generated from the clap definition, so they
//! never drift from the real options.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::guard::write_file;
use crate::Output;
use anyhow::Context;
use clap::CommandFactory;

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Output> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "sct", &mut buf);
    Ok(Output::stdout(String::from_utf8(buf)?))
}

pub fn man(args: &ManArgs) -> anyhow::Result<Output> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = &args.dir else {
        return Ok(Output::stdout(render(&cmd)?));
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut pages = Vec::new();
    pages_of(&cmd, &mut pages);
    let mut out = String::new();
    for page in pages {
        let path = dir.join(clap_mangen::Man::new(page.clone()).get_filename());
        write_file(&path, &render(&page)?)?;
        out.push_str(&format!("wrote {}\n", path.display()));
    }
    Ok(Output::stdout(out))
}

/// The command and every visible subcommand, depth first, as clap_mangen's `generate_to`
/// walks them (it writes with plain `File::create`; sct writes every file atomically).
fn pages_of(cmd: &clap::Command, out: &mut Vec<clap::Command>) {
    out.push(cmd.clone());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages_of(sub, out);
    }
}

fn render(cmd: &clap::Command) -> anyhow::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    Ok(String::from_utf8(buf)?)
}
