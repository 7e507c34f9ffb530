//! `sct update ID …`: records progress on one action, in its file alone, validated before
//! it is written (atomically), and with `--commit` as one git commit.

use crate::cli::UpdateArgs;
use crate::config::Config;
use crate::git::repo::Repo;
use crate::plan::diag::{locate_all_with, render, Severity};
use crate::plan::load::load;
use crate::plan::model::RecFile;
use crate::plan::read::parse_str;
use crate::plan::validate::{validate, Documents};
use crate::write::update::{apply, Edit};
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
    let repo = if args.commit {
        let repo = Repo::discover(&config.plans)?;
        if repo.has_commits()? && repo.is_dirty(&repo.relative(&path)?)? {
            bail!(
                "{} has changes that are not committed; commit or discard them first, so that \
                 the commit records this update alone\n  = hint: `git diff -- {}` shows them",
                path.display(),
                path.display()
            );
        }
        Some(repo)
    } else {
        None
    };

    let src = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
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
    let (text, said) = apply(
        &src,
        index,
        &rec.file.actions[index],
        &edit,
        config.rules.today,
    )
    .with_context(|| format!("cannot update {id}"))?;

    // Validate the file as it would be, among all the others, before writing it.
    let new_rec = match parse_str::<RecFile>(&path, text.trim_start_matches('\u{feff}')) {
        Ok(r) => r,
        Err(diags) => bail!(
            "the update would leave {} unreadable, so nothing was written:\n{}",
            path.display(),
            rendered(diags, &path, &text)
        ),
    };
    // Only problems the update brings: the file's older ones are for `sct check`.
    let docs = Documents::Dir(config.repo_root());
    let errors = |plans: &crate::plan::load::Plans| -> Vec<crate::plan::diag::Diagnostic> {
        validate(plans, Some(config.rules.today), &docs)
            .into_iter()
            .filter(|d| d.severity == Severity::Error && d.file == path)
            .collect()
    };
    let before: std::collections::HashSet<String> = errors(&loaded.plans)
        .into_iter()
        .map(|d| d.message)
        .collect();
    loaded.plans.reviews[ri].recs[ci].file = new_rec;
    let problems: Vec<_> = errors(&loaded.plans)
        .into_iter()
        .filter(|d| !before.contains(&d.message))
        .collect();
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
    crate::guard::write_file(&path, &text)?;

    let summary = format!("{id}: {}", said.join("; "));
    let mut out = format!("{summary}\nupdated {}\n", path.display());
    if let Some(repo) = repo {
        let message = match &args.message {
            Some(m) => format!("{m}\n\n{summary}\n"),
            None => format!("{summary}\n"),
        };
        let hash = repo.commit_file(&path, &message).with_context(|| {
            format!(
                "the file was updated but not committed: the change is in the working tree \
                 ({})",
                path.display()
            )
        })?;
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
