//! `sct update ID …`: records progress on one action, in its file alone, through the write
//! gate: under the writers' lock, held to every rule `check` applies, written atomically,
//! and with `--commit` as one git commit (or put back as it was if the commit fails).

use crate::cli::UpdateArgs;
use crate::config::Config;
use crate::plan::diag::{locate_all_with, render};
use crate::plan::load::load;
use crate::plan::model::RecFile;
use crate::plan::read::{parse_str, read_bytes};
use crate::plan::validate::Documents;
use crate::write::gate::{CommitOptions, Gate, NewText};
use crate::write::update::{apply, keep_line_endings, Edit};
use crate::Output;
use anyhow::{bail, Context};

pub fn run(config: &Config, args: &UpdateArgs) -> anyhow::Result<Output> {
    if config.at.is_some() {
        bail!("--at reads the plans as they were; `sct update` changes them as they are now");
    }
    // The write gate searches for SCT_FORBID's terms: without the list it cannot.
    if let Some(e) = &config.forbid_error {
        bail!("{e}; nothing was written");
    }
    let commit = args.commit.then_some(CommitOptions {
        detach: args.detach,
    });
    // The lock is held from before the plans are read until the write is committed.
    let gate = Gate::open(&config.plans, commit, config.clock)?;
    let mut loaded = load(&config.plans)?;
    let found = super::show::find(&loaded.plans, &args.id);
    let (ri, ci, index) = match found {
        Ok(super::show::Found::Action(review, rec, i)) => {
            let ri = loaded
                .plans
                .reviews
                .iter()
                .position(|r| r.id == review.id)
                .unwrap_or(0);
            let ci = review.recs.iter().position(|r| r.id == rec.id).unwrap_or(0);
            (ri, ci, i)
        }
        Ok(_) => bail!(
            "`{}` is not an action: update one action at a time, such as `{}.1`",
            args.id,
            args.id.trim_end_matches('/')
        ),
        Err(e) if loaded.diagnostics.is_empty() => return Err(e),
        Err(e) => {
            return Err(e.context(format!(
                "{} plan file{} could not be read; run `sct check`",
                loaded.diagnostics.len(),
                if loaded.diagnostics.len() == 1 {
                    ""
                } else {
                    "s"
                }
            )))
        }
    };
    let rec = &loaded.plans.reviews[ri].recs[ci];
    let id = rec.action_id(index);
    let path = rec.path.clone();
    // Refuse before writing anything: the commit must hold this change and nothing else.
    gate.ensure_committed(&path)?;

    // Bounded, as the loader reads; the bytes as they are (a byte-order mark kept), to put
    // back exactly if the commit fails.
    let bytes = read_bytes(&path)
        .map_err(|d| anyhow::anyhow!("cannot read {}: {}", path.display(), d.message))?;
    let src = String::from_utf8(bytes.clone())
        .with_context(|| format!("cannot read {}: it is not UTF-8 text", path.display()))?;
    let edit = Edit {
        status: args.status,
        evidence: args.evidence.clone(),
        file: args.file.clone(),
        due: args.due,
        lead: args.lead.clone(),
        note: args.note.clone(),
        finalise: args.finalise,
        by: args.by.clone(),
        date: args.date,
    };
    // What is recorded is dated the real day unless --date says otherwise: --today and
    // SCT_TODAY set the day the plans are read as at, never the day written down.
    let (text, said) = apply(&src, index, &rec.file.actions[index], &edit, config.clock)
        .with_context(|| format!("cannot update {id}"))?;
    let text = keep_line_endings(&src, text);

    // Held to what `sct check` would say of the file, among all the others.
    let new_rec = match parse_str::<RecFile>(&path, text.trim_start_matches('\u{feff}')) {
        Ok(r) => r,
        Err(diags) => bail!(
            "the update would leave {} unreadable, so nothing was written:\n{}",
            path.display(),
            rendered(diags, &path, &text)
        ),
    };
    let problems = gate.refusals(
        &mut loaded.plans,
        |p| p.reviews[ri].recs[ci].file = new_rec,
        &[NewText {
            path: &path,
            text: &text,
        }],
        &Documents::Dir(config.repo_root()),
    );
    if !problems.is_empty() {
        bail!(
            "the update would make {} invalid, so nothing was written:\n{}",
            path.display(),
            rendered(problems, &path, &text)
        );
    }
    crate::guard::privacy::refuse_identifiers(
        &args.message.clone().unwrap_or_default(),
        "the commit message",
    )?;

    let summary = format!("{id}: {}", said.join("; "));
    let message = match &args.message {
        Some(m) => format!("{m}\n\n{summary}\n"),
        None => format!("{summary}\n"),
    };
    let committed = gate.write(&path, Some(&bytes), &text, &message)?;
    let mut out = format!("{summary}\nupdated {}\n", path.display());
    if let Some(hash) = committed {
        out.push_str(&format!("committed {}\n", hash.get(..7).unwrap_or(&hash)));
    }
    Ok(Output::stdout(out))
}

fn rendered(
    diags: Vec<crate::plan::diag::Diagnostic>,
    path: &std::path::Path,
    text: &str,
) -> String {
    locate_all_with(diags, &|p| (p == path).then(|| text.to_string()))
        .iter()
        .map(|d| render(d, false))
        .collect()
}
