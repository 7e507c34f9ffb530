//! `sct import csv|xlsx|docx`: read the whole file into a grid of cells, check
//! everything, then write every file or none.
//!
//! Importing a file twice is refused by recommendation ID: every row belongs to a
//! recommendation, so a second import of the same file (or of a re-saved copy, or of one
//! that overlaps it) meets recommendations the review already has. A fingerprint of the
//! file would miss a copy re-saved by a spreadsheet, and would need writing to review.toml.

use super::new::{declared_agency, review_index};
use crate::cli::{ImportCommand, ImportPlanArgs};
use crate::config::Config;
use crate::formats::cells;
use crate::formats::import::columns::MapFile;
use crate::formats::import::{read_grid, Grid, Imported, Places, Problem, Settings};
use crate::plan::diag::{locate_all, render, Place, Seg, Severity};
use crate::plan::layout;
use crate::plan::load::Recommendation;
use crate::plan::model::{RecFile, Section};
use crate::plan::read::{parse_str, read_parse};
use crate::plan::validate::validate;
use crate::write::emit;
use crate::write::gate::{Gate, NewText};
use crate::{exit, Output};
use anyhow::{bail, Context};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file larger than this is refused: the largest real plan is ~100 KB as CSV, a few MB
/// as a Word document with its pictures.
const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(config: &Config, cmd: &ImportCommand) -> anyhow::Result<Output> {
    match cmd {
        ImportCommand::Csv(a) => plan(config, "csv", &a.file, &a.plan, |bytes| {
            cells::csv_sheet(&bytes)
                .map(Grid::csv)
                .map_err(|(row, e)| crate::formats::import::csv_problem(row, &e))
        }),
        ImportCommand::Xlsx(a) => plan(config, "xlsx", &a.file, &a.plan, |bytes| {
            let sheets = cells::workbook_sheets(bytes).map_err(Problem::whole)?;
            let sheets = match &a.sheet {
                None => sheets,
                Some(name) => {
                    let names: Vec<String> = sheets
                        .iter()
                        .filter_map(|s| s.name.as_deref().map(cells::quoted))
                        .collect();
                    let chosen: Vec<_> = sheets
                        .into_iter()
                        .filter(|s| s.name.as_deref() == Some(name.as_str()))
                        .map(|s| cells::Sheet { hidden: false, ..s })
                        .collect();
                    if chosen.is_empty() {
                        return Err(Problem::whole(format!(
                            "has no {}; its sheets are {}",
                            cells::sheet_label(name),
                            names.join(", ")
                        )));
                    }
                    chosen
                }
            };
            Ok(Grid::workbook(sheets))
        }),
        ImportCommand::Docx(a) => plan(config, "docx", &a.file, &a.plan, |bytes| {
            crate::formats::import::docx::grid(&bytes).map_err(Problem::whole)
        }),
        ImportCommand::Returns(a) => super::returns::run(config, a),
    }
}

struct Planned {
    rec: Imported,
    path: PathBuf,
    text: String,
}

/// Imports a plan from `file`, read into a grid by `grid`; `kind` names the command.
fn plan(
    config: &Config,
    kind: &str,
    file: &Path,
    a: &ImportPlanArgs,
    grid: impl FnOnce(Vec<u8>) -> Result<Grid, Problem>,
) -> anyhow::Result<Output> {
    // The writers' lock, from before the plans are read until the files are in place.
    let gate = Gate::open(&config.plans, None, config.clock)?;
    let mut plans = super::load_valid(config)?;
    if !plans.reviews.iter().any(|r| r.id == a.review)
        && crate::plan::load::is_valid_review_id(&a.review)
    {
        bail!(
            "there is no review `{}` in {}\n  = hint: create it first: sct new review {} --title … --board …",
            a.review,
            config.plans.display(),
            a.review
        );
    }
    let at = review_index(&plans, &a.review)?;
    let review = &plans.reviews[at];
    let meta = review
        .meta
        .as_ref()
        .context("the review has no review.toml")?;
    let agency = match &a.agency {
        Some(c) => Some(declared_agency(meta, c, &review.id)?),
        None => None,
    };
    let section = a
        .section
        .map(Section::from)
        .unwrap_or_else(|| layout::default_section(review));
    let map = match &a.map {
        Some(p) => read_map(p)?,
        None => MapFile::default(),
    };
    let bytes = read_input(file)?;
    let name = file.display().to_string();
    let grid = match grid(bytes) {
        Ok(g) => g,
        Err(p) => return Ok(refused(&name, &Places::default(), &[p])),
    };
    let places = Places::of(&grid);
    let settings = Settings {
        review_id: &review.id,
        meta,
        agency: agency.as_deref(),
        section,
        map: &map,
    };
    let read = match read_grid(&grid, &settings) {
        Ok(r) if r.recs.is_empty() => {
            let p = Problem::whole("has no recommendation rows to import".into());
            return Ok(refused(&name, &places, &[p]));
        }
        Ok(r) => r,
        Err(problems) => return Ok(refused(&name, &places, &problems)),
    };
    let recs = read.recs;

    let mut problems = already_there(review, &recs);
    if !problems.is_empty() {
        return Ok(refused(&name, &places, &problems));
    }
    let source = file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let mut planned = Vec::new();
    let mut paths = HashSet::new();
    for rec in recs {
        let path = layout::rec_path(review, &rec.file);
        if path.exists() || !paths.insert(path.clone()) {
            problems.push(at_row(
                rec.first_row,
                format!(
                    "recommendation {} would be written to {}, which is taken",
                    rec.id,
                    path.display()
                ),
            ));
            continue;
        }
        let rows = places.span(rec.first_row, rec.last_row);
        let comment = format!("Imported by `sct import {kind}` from {source}, {rows}.");
        let text = emit::rec_file(
            &layout::schema_line(&config.plans, &path),
            &[comment],
            &rec.file,
        );
        // What is written must read back as what was read: a difference is a bug in sct.
        let back: RecFile = parse_str(&path, &text).map_err(|d| {
            anyhow::anyhow!(
                "internal error: {} does not parse: {}",
                path.display(),
                d[0].message
            )
        })?;
        if serde_json::to_value(&back)? != serde_json::to_value(&rec.file)? {
            bail!(
                "internal error: {} does not read back as written",
                path.display()
            );
        }
        planned.push(Planned { rec, path, text });
    }
    // The write gate's privacy check, here for every file before any is written or shown
    // (--dry-run prints them): by row, masked.
    for p in &planned {
        for f in crate::guard::privacy::active().scan(&p.text) {
            problems.push(Problem {
                hint: Some(
                    "plans are published anonymised: refer to the person by role, such as \
                     \"the child\" or \"Mother\""
                        .to_string(),
                ),
                ..at_row(
                    p.rec.first_row,
                    format!(
                        "recommendation {}: personal data: {}",
                        p.rec.id, f.described
                    ),
                )
            });
        }
    }
    if !problems.is_empty() {
        return Ok(refused(&name, &places, &problems));
    }

    // The rules `sct check` applies, with the new files in place, held by the write gate
    // (dates against the real clock, size, personal data).
    let documents = crate::plan::validate::Documents::Dir(config.repo_root());
    let texts: Vec<NewText> = planned
        .iter()
        .map(|p| NewText {
            path: &p.path,
            text: &p.text,
        })
        .collect();
    let refusals = gate.refusals(
        &mut plans,
        |plans| {
            for p in &planned {
                plans.reviews[at].recs.push(Recommendation {
                    id: p.rec.id.clone(),
                    path: p.path.clone(),
                    file: p.rec.file.clone(),
                });
            }
        },
        &texts,
        &documents,
    );
    for d in refusals {
        let Some(p) = planned.iter().find(|p| p.path == d.file) else {
            continue;
        };
        let row = match &d.place {
            Place::Path(kp) => match kp.0.as_slice() {
                [Seg::Key(k), Seg::Index(i), ..] if k == "actions" => {
                    p.rec.action_rows.get(*i).copied()
                }
                _ => None,
            },
            _ => None,
        };
        problems.push(Problem {
            hint: d.hint,
            ..at_row(
                row.unwrap_or(p.rec.first_row),
                format!("recommendation {}: {}", p.rec.id, d.message),
            )
        });
    }
    let warnings = validate(&plans, Some(config.rules.today), &documents)
        .iter()
        .filter(|d| d.severity == Severity::Warning && planned.iter().any(|p| p.path == d.file))
        .count();
    if !problems.is_empty() {
        return Ok(refused(&name, &places, &problems));
    }

    let recs = planned.len();
    let actions: usize = planned.iter().map(|p| p.rec.file.actions.len()).sum();
    let dir = config.plans.join(&a.review);
    let mut out: String = read
        .skipped
        .iter()
        .map(|s| format!("left out {s}\n"))
        .collect();
    if a.dry_run {
        for p in &planned {
            out.push_str(&format!(
                "--- {} ({})\n{}\n",
                p.path.display(),
                p.rec.id,
                p.text
            ));
        }
        out.push_str(&format!(
            "dry run: would write {recs} files ({recs} recommendations, {actions} actions) into {}; nothing was written\n",
            dir.display()
        ));
        return Ok(Output::stdout(out));
    }
    let files: Vec<(PathBuf, String)> = planned
        .iter()
        .map(|p| (p.path.clone(), p.text.clone()))
        .collect();
    gate.write_new_files(&dir, &files)?;
    for p in &planned {
        out.push_str(&format!("wrote {} ({})\n", p.path.display(), p.rec.id));
    }
    out.push_str(&format!(
        "imported {recs} recommendations with {actions} actions from {name} into {}\n",
        dir.display()
    ));
    if warnings > 0 {
        out.push_str(&format!(
            "{warnings} warning{} in the new files: see `sct check --review {}`\n",
            if warnings == 1 { "" } else { "s" },
            a.review
        ));
    }
    Ok(Output::stdout(out))
}

/// The recommendations of the file that the review already has.
fn already_there(review: &crate::plan::load::Review, recs: &[Imported]) -> Vec<Problem> {
    let hits: Vec<(&Imported, &Recommendation)> = recs
        .iter()
        .filter_map(|r| Some((r, review.recs.iter().find(|e| e.id == r.id)?)))
        .collect();
    let hint =
        "sct import never duplicates a recommendation: to import it again, delete its file first";
    if !hits.is_empty() && hits.len() == recs.len() {
        let (_, e) = hits[0];
        return vec![Problem {
            row: None,
            column: None,
            text: None,
            message: format!(
                "was imported before: {} already has every recommendation in it ({} is {})",
                review.id,
                e.id,
                e.path.display()
            ),
            hint: Some(hint.into()),
        }];
    }
    hits.into_iter()
        .map(|(r, e)| Problem {
            hint: Some(hint.into()),
            ..at_row(
                r.first_row,
                format!(
                    "recommendation {} is already in the review: {}",
                    r.id,
                    e.path.display()
                ),
            )
        })
        .collect()
}

fn at_row(row: usize, message: String) -> Problem {
    Problem {
        row: Some(row),
        column: None,
        text: None,
        message,
        hint: None,
    }
}

fn refused(name: &str, places: &Places, problems: &[Problem]) -> Output {
    let mut err: String = problems.iter().map(|p| p.render(name, places)).collect();
    let n = problems.len();
    err.push_str(&format!(
        "{n} problem{} in {name}: nothing was written\n",
        if n == 1 { "" } else { "s" }
    ));
    Output {
        stderr: err,
        code: exit::FINDINGS,
        ..Default::default()
    }
}

/// The CSV, read as every input that is not a plan is: an ordinary file, its size checked
/// against the limit before it is read.
pub(super) fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    use crate::files::ReadError;
    crate::files::read_limited(path, MAX_INPUT_BYTES).map_err(|e| match e {
        ReadError::TooLarge(len) => anyhow::anyhow!(
            "{} is {len} bytes; sct imports files of up to 16 MiB",
            path.display()
        ),
        e => anyhow::anyhow!("cannot read {}: {e}", path.display()),
    })
}

fn read_map(path: &Path) -> anyhow::Result<MapFile> {
    read_parse::<MapFile>(path).map_err(|diags| {
        let shown: String = locate_all(diags).iter().map(|d| render(d, false)).collect();
        anyhow::anyhow!(
            "the map file {} is not valid:\n{}",
            path.display(),
            shown.trim_end()
        )
    })
}
