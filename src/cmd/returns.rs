//! `sct import returns FILE`: an agency's return applied to the plans, all or nothing.
//!
//! The return is read whole first (`formats::returns`); a cell that cannot be read, an ID
//! that names no action, or a row whose action changed in the plans since the workbook was
//! exported (its fingerprint differs) refuses the whole return. Each row becomes the edit
//! `sct update` makes (`write::update::apply`), with what is already recorded left out, so
//! that applying a return twice changes nothing. The new texts are held to `check`'s rules
//! by the write gate and written together, under its lock; with --commit, as one commit
//! authored by the returner.

use crate::cli::ImportReturnsArgs;
use crate::config::Config;
use crate::formats::returns::{self, fingerprint, letters, Problem, ReturnRow};
use crate::plan::model::{Action, RecFile};
use crate::plan::read::{parse_str, read_bytes};
use crate::plan::validate::Documents;
use crate::write::gate::{CommitOptions, Gate, NewText};
use crate::write::update::{apply, keep_line_endings, Edit};
use crate::{exit, Output};
use anyhow::{bail, Context};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// One recommendation file the return changes.
struct FileEdit {
    ri: usize,
    ci: usize,
    path: PathBuf,
    old: Vec<u8>,
    text: String,
    /// (return row, action ID, what changed)
    said: Vec<(usize, String, Vec<String>)>,
}

pub fn run(config: &Config, a: &ImportReturnsArgs) -> anyhow::Result<Output> {
    if config.at.is_some() {
        bail!("--at reads the plans as they were; a return changes them as they are now");
    }
    if let Some(e) = &config.forbid_error {
        bail!("{e}; nothing was written");
    }
    if let Some(author) = &a.author {
        check_author(author)?;
    }
    let name = a.file.display().to_string();
    let commit = a.commit.then_some(CommitOptions { detach: a.detach });
    // The lock is held from before the plans are read until the return is committed.
    let gate = Gate::open(&config.plans, commit, config.clock)?;
    let mut plans = super::load_valid(config)?;

    let bytes = super::import::read_input(&a.file)?;
    let is_csv = a
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let sheet = if is_csv {
        returns::csv_sheet(&bytes)
    } else {
        returns::workbook_sheet(bytes)
    };
    let sheet = match sheet {
        Ok(s) => s,
        Err(message) => return Ok(refused(&name, &[whole(message)])),
    };
    let rows = match returns::read_rows(&sheet) {
        Ok(r) => r,
        Err(p) => return Ok(refused(&name, &p)),
    };
    let at = |r: &ReturnRow, col: Option<usize>, message: String| Problem {
        sheet: sheet.name.clone(),
        row: Some(r.row),
        column: col.map(|c| {
            (
                c,
                if c == r.id_col {
                    "ID".into()
                } else {
                    letters(c)
                },
            )
        }),
        message,
    };

    // The returning agency: the one every action in the return belongs to (a return
    // exported with --agency); else the lead agencies of the actions changed.
    let mut common: Option<BTreeSet<String>> = None;
    for r in &rows {
        if let Ok(super::show::Found::Action(_, rec, i)) = super::show::find(&plans, &r.id) {
            let own: BTreeSet<String> = rec
                .agencies_of(&rec.file.actions[i])
                .into_iter()
                .map(str::to_string)
                .collect();
            common = Some(match common {
                None => own,
                Some(c) => c.intersection(&own).cloned().collect(),
            });
        }
    }
    let returner = common
        .filter(|c| c.len() == 1)
        .and_then(|c| c.into_iter().next());
    let mut problems = Vec::new();
    let mut files: Vec<FileEdit> = Vec::new();
    let mut agencies = BTreeSet::new();
    let mut unchanged = 0;
    for r in &rows {
        let (ri, ci, index) = match super::show::find(&plans, &r.id) {
            Ok(super::show::Found::Action(review, rec, i)) => (
                plans
                    .reviews
                    .iter()
                    .position(|x| x.id == review.id)
                    .unwrap_or(0),
                review.recs.iter().position(|x| x.id == rec.id).unwrap_or(0),
                i,
            ),
            Ok(_) => {
                problems.push(at(
                    r,
                    Some(r.id_col),
                    format!("`{}` is not an action", r.id),
                ));
                continue;
            }
            Err(e) => {
                problems.push(at(r, Some(r.id_col), format!("{e:#}").replace('\n', " ")));
                continue;
            }
        };
        let rec = &plans.reviews[ri].recs[ci];
        let action = &rec.file.actions[index];
        let id = rec.action_id(index);
        let agency = returner
            .clone()
            .unwrap_or_else(|| rec.agency_of(action).to_string());
        let edit = still_to_do(r, action, &agency);
        if edit.is_empty() {
            unchanged += 1;
            continue;
        }
        if r.fingerprint
            .as_deref()
            .is_some_and(|f| f != fingerprint(action))
        {
            problems.push(at(
                r,
                Some(r.id_col),
                format!(
                    "{id} changed in the plans since this return was exported: see `sct log {id}`, \
                     and send the agency a new return for it"
                ),
            ));
            continue;
        }
        let fi = match files.iter().position(|f| f.ri == ri && f.ci == ci) {
            Some(fi) => fi,
            None => {
                let path = rec.path.clone();
                gate.ensure_committed(&path)?;
                let old = read_bytes(&path).map_err(|d| {
                    anyhow::anyhow!("cannot read {}: {}", path.display(), d.message)
                })?;
                let text = String::from_utf8(old.clone()).with_context(|| {
                    format!("cannot read {}: it is not UTF-8 text", path.display())
                })?;
                files.push(FileEdit {
                    ri,
                    ci,
                    path,
                    old,
                    text,
                    said: Vec::new(),
                });
                files.len() - 1
            }
        };
        let f = &mut files[fi];
        // The action as the text now holds it: an earlier row may have changed the file.
        let current: Action = match toml::from_str::<RecFile>(f.text.trim_start_matches('\u{feff}'))
        {
            Ok(file) => file
                .actions
                .get(index)
                .cloned()
                .unwrap_or_else(|| action.clone()),
            Err(_) => action.clone(),
        };
        match apply(&f.text, index, &current, &edit, config.clock) {
            Ok((text, said)) => {
                f.text = keep_line_endings(&f.text, text);
                f.said.push((r.row, id, said));
                agencies.insert(agency);
            }
            Err(e) => problems.push(at(r, None, format!("{id}: {e:#}"))),
        }
    }
    if !problems.is_empty() {
        return Ok(refused(&name, &problems));
    }

    // Held to what `sct check` would say of the files, among all the others.
    let mut parsed = Vec::new();
    for f in &files {
        match parse_str::<RecFile>(&f.path, f.text.trim_start_matches('\u{feff}')) {
            Ok(r) => parsed.push(r),
            Err(d) => bail!(
                "internal error: the return would leave {} unreadable ({}); nothing was written",
                f.path.display(),
                d.first().map_or("", |d| d.message.as_str())
            ),
        }
    }
    let texts: Vec<NewText> = files
        .iter()
        .map(|f| NewText {
            path: &f.path,
            text: &f.text,
        })
        .collect();
    let refusals = gate.refusals(
        &mut plans,
        |p| {
            for (f, new) in files.iter().zip(parsed) {
                p.reviews[f.ri].recs[f.ci].file = new;
            }
        },
        &texts,
        &Documents::Dir(config.repo_root()),
    );
    for d in refusals {
        let Some(f) = files.iter().find(|f| f.path == d.file) else {
            continue;
        };
        for (row, id, _) in &f.said {
            problems.push(Problem {
                sheet: sheet.name.clone(),
                row: Some(*row),
                column: None,
                message: format!(
                    "{id}: the change would make {} invalid: {}",
                    f.path.display(),
                    d.message
                ),
            });
        }
    }
    // Personal data, found here for every file before any is written or shown.
    for f in &files {
        for hit in crate::guard::privacy::active().scan(&f.text) {
            for (row, id, _) in &f.said {
                problems.push(Problem {
                    sheet: sheet.name.clone(),
                    row: Some(*row),
                    column: None,
                    message: format!(
                        "{id}: personal data: {}; plans are published anonymised",
                        hit.described
                    ),
                });
            }
        }
    }
    if !problems.is_empty() {
        return Ok(refused(&name, &problems));
    }

    let mut out = String::new();
    let mut changes: Vec<(usize, String)> = Vec::new();
    for f in &files {
        for (row, id, said) in &f.said {
            changes.push((*row, format!("{id}: {}", said.join("; "))));
        }
    }
    changes.sort();
    for (_, line) in &changes {
        out.push_str(line);
        out.push('\n');
    }
    let file_name = a
        .file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let actions = changes.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if actions == 0 {
        out.push_str(&format!(
            "nothing to change: {name} holds nothing the plans do not already record ({unchanged} row{})\n",
            plural(unchanged)
        ));
        return Ok(Output::stdout(out));
    }
    if a.dry_run {
        out.push_str(&format!(
            "dry run: would change {actions} action{} in {} file{}; nothing was written\n",
            plural(actions),
            files.len(),
            plural(files.len())
        ));
        return Ok(Output::stdout(out));
    }
    let agencies: Vec<String> = agencies.into_iter().collect();
    let mut message = format!(
        "Return from {} ({file_name}): {actions} action{}\n\n",
        agencies.join(", "),
        plural(actions)
    );
    for (_, line) in &changes {
        message.push_str(&format!("{line}\n"));
    }
    let writes: Vec<(&std::path::Path, &[u8], &str)> = files
        .iter()
        .map(|f| (f.path.as_path(), f.old.as_slice(), f.text.as_str()))
        .collect();
    // Without --author, the returning agency's contact in review.toml, if it has one.
    let author = a.author.clone().or_else(|| {
        let agency = returner.as_deref()?;
        let meta = plans.reviews[files.first()?.ri].meta.as_ref()?;
        let (name, addr) = crate::plan::contacts::addresses(meta, None, agency)
            .into_iter()
            .next()?;
        Some(format!("{} <{addr}>", name.as_deref().unwrap_or(agency)))
    });
    let committed = gate.write_all(&writes, &message, author.as_deref())?;
    for f in &files {
        out.push_str(&format!("updated {}\n", f.path.display()));
    }
    if let Some(hash) = committed {
        out.push_str(&format!("committed {}\n", hash.get(..7).unwrap_or(&hash)));
    }
    Ok(Output::stdout(out))
}

/// The part of a row the action does not already record.
fn still_to_do(r: &ReturnRow, action: &Action, agency: &str) -> Edit {
    let same = |a: &str, b: &str| a.trim() == b.trim();
    let evidence = r
        .evidence
        .clone()
        .filter(|t| !action.evidence.iter().any(|e| same(&e.text, t)));
    let note = r
        .note
        .clone()
        .filter(|t| !action.notes.iter().any(|n| same(&n.text, t)));
    Edit {
        status: r.status.filter(|s| action.status != Some(*s)),
        file: r.evidence_file.clone().filter(|_| evidence.is_some()),
        evidence,
        due: r.new_due.filter(|d| action.due != Some(*d)),
        lead: None,
        note,
        finalise: false,
        by: Some(agency.to_string()),
        date: r.evidence_date,
    }
}

/// "Name <email>", as git takes it.
fn check_author(author: &str) -> anyhow::Result<()> {
    let ok = author
        .trim_end()
        .strip_suffix('>')
        .and_then(|s| s.split_once(" <"))
        .is_some_and(|(n, e)| {
            !n.trim().is_empty() && e.contains('@') && !e.contains(['<', '>', ' '])
        });
    if !ok {
        bail!("--author `{author}` is not \"Name <email>\", as git records an author");
    }
    Ok(())
}

fn whole(message: String) -> Problem {
    Problem {
        sheet: None,
        row: None,
        column: None,
        message,
    }
}

fn refused(name: &str, problems: &[Problem]) -> Output {
    let mut err: String = problems.iter().map(|p| p.render(name)).collect();
    let n = problems.len();
    err.push_str(&format!(
        "{n} problem{} in {name}: the return was refused, and nothing was written\n",
        if n == 1 { "" } else { "s" }
    ));
    Output {
        stderr: err,
        code: exit::FINDINGS,
        ..Default::default()
    }
}
