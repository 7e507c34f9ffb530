//! `sct remind`: one chasing message per agency and lead officer. Writes files; sends
//! nothing.

use crate::cli::{Format, RemindArgs};
use crate::config::Config;
use crate::guard::write_bytes;
use crate::plan::query::Filter;
use crate::plan::status::Rules;
use crate::render::message;
use crate::report::long_date;
use crate::report::remind::messages;
use crate::Output;
use anyhow::Context;
use std::fmt::Write;

pub fn run(config: &Config, args: &RemindArgs) -> anyhow::Result<Output> {
    let eml = config.format == Format::Eml;
    if (args.from.is_some() || args.html) && !eml {
        anyhow::bail!("--from and --html shape .eml messages\n  = hint: add --format eml");
    }
    if eml && args.out.is_none() {
        anyhow::bail!(
            "--format eml writes one file per message\n  = hint: name a folder with --out DIR"
        );
    }
    let from = args.from.as_deref().map(message::parse_from).transpose()?;
    let plans = super::load_valid(config)?;
    let today = config.rules.today;
    let within = args.within.unwrap_or(config.rules.soon_days);
    let rules = Rules {
        today,
        soon_days: within,
    };
    let msgs = messages(&plans, &rules, &Filter::from(&args.filter))?;
    if msgs.is_empty() {
        let until = today + chrono::Days::new(within as u64);
        return Ok(Output::stdout(format!(
            "Nothing to chase as at {}: no action is overdue or due by {}.\n",
            long_date(today),
            long_date(until)
        )));
    }
    let Some(dir) = &args.out else {
        let texts: Vec<String> = msgs
            .iter()
            .map(|m| message::markdown(m, today, within))
            .collect();
        return Ok(Output::stdout(texts.join("\n---\n\n")));
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder `{}`", dir.display()))?;
    let mut listing = format!(
        "Wrote {} message{} to {}:\n",
        msgs.len(),
        if msgs.len() == 1 { "" } else { "s" },
        dir.display()
    );
    for m in &msgs {
        let (name, bytes) = if eml {
            (
                format!("{}.eml", m.stem),
                message::eml(m, today, within, from.as_ref(), args.html),
            )
        } else {
            (
                format!("{}.md", m.stem),
                message::markdown(m, today, within).into_bytes(),
            )
        };
        let path = dir.join(&name);
        write_bytes(&path, &bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
        let _ = writeln!(listing, "  {name}  {}", message::subject(m));
        if eml && m.to.is_empty() {
            let _ = writeln!(
                listing,
                "    no address for {}: add one under [contacts] in {}/review.toml",
                m.addressee(),
                m.review
            );
        }
    }
    Ok(Output::stdout(listing))
}
