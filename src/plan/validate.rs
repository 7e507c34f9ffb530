//! Rules across files and against the calendar, checked on the loaded model.

use crate::plan::date::PlanDate;
use crate::plan::diag::{did_you_mean, Diagnostic, KeyPath, Place};
use crate::plan::load::{Plans, Recommendation, Review};
use crate::plan::model::{Declared, Evidence, Finalisation};
use crate::plan::read::action_path;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub fn is_valid_agency_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !code.starts_with('-')
        && !code.ends_with('-')
}

/// Where evidence documents are looked for: the working tree, or a commit's tree.
pub enum Documents {
    /// The folder that holds plans/; evidence paths are relative to it.
    Dir(PathBuf),
    /// Every path in a commit (relative to the repository), and the folder holding plans/
    /// relative to the repository.
    Tree {
        paths: HashSet<String>,
        base: String,
    },
}

/// An evidence path that leaves the repository: absolute, from a drive or root, through
/// `..`, or from a home folder (`~`). Decided on the words alone, never on the disk.
pub fn outside_repo(file: &str) -> bool {
    use std::path::Component;
    let p = std::path::Path::new(file);
    file.starts_with('~')
        || file.starts_with('/')
        || file.starts_with('\\')
        || file.as_bytes().get(1) == Some(&b':')
        || p.is_absolute()
        || p.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::Prefix(_) | Component::RootDir
            )
        })
        || file.split(['/', '\\']).any(|part| part == "..")
}

impl Documents {
    pub fn exists(&self, file: &str) -> bool {
        match self {
            Documents::Dir(root) => root.join(file).is_file(),
            Documents::Tree { paths, base } => {
                let file = file.trim_start_matches("./");
                if base.is_empty() {
                    paths.contains(file)
                } else {
                    paths.contains(&format!("{base}/{file}"))
                }
            }
        }
    }
    fn describe(&self) -> String {
        match self {
            Documents::Dir(root) => root.display().to_string(),
            Documents::Tree { base, .. } if base.is_empty() => "the repository's top".into(),
            Documents::Tree { base, .. } => base.clone(),
        }
    }
}

/// Every rule; `docs` is where evidence documents are looked for. Rules against the
/// calendar (a date in the future) apply only when `today` is given: read commands
/// evaluating an earlier day (`--today`) must not reject what was recorded after it.
pub fn validate(plans: &Plans, today: Option<NaiveDate>, repo_root: &Documents) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // Reviews are independent: checked in parallel, reported in plan order.
    plans
        .reviews
        .par_iter()
        .map(|review| {
            let mut out = Vec::new();
            review_rules(review, today, repo_root, &mut out);
            let vocab = plans.vocabulary();
            for rec in &review.recs {
                crate::plan::themes::rec_rules(vocab, rec, &mut out);
            }
            out
        })
        .flatten()
        .collect()
}

fn review_rules(
    review: &Review,
    today: Option<NaiveDate>,
    repo_root: &Documents,
    out: &mut Vec<Diagnostic>,
) {
    let meta_path = review.dir.join("review.toml");
    crate::plan::owners::rules(review, out);
    crate::plan::contacts::rules(review, out);
    let mut used: HashSet<&str> = HashSet::new();
    if let Some(meta) = &review.meta {
        for code in meta.agencies.keys() {
            if !is_valid_agency_code(code) {
                out.push(
                    Diagnostic::error(
                        &meta_path,
                        Place::Path(KeyPath::root().key("agencies").key(code)),
                        format!("`{code}` is not a usable agency code"),
                    )
                    .with_hint(format!(
                        "use upper-case letters, digits and -, such as `{}`",
                        suggest_code(code)
                    )),
                );
            }
        }
    }

    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for rec in &review.recs {
        if let Some(first) = seen.get(rec.id.as_str()) {
            out.push(
                Diagnostic::error(
                    &rec.path,
                    Place::Path(KeyPath::root().key("number")),
                    format!(
                    "duplicate recommendation `{}`: {} already has number {} in the {} section{}",
                    rec.id,
                    first.display(),
                    rec.file.number,
                    rec.file.section.as_str(),
                    if rec.file.section == crate::plan::model::Section::Imr {
                        format!(" of {}", rec.file.agency)
                    } else {
                        String::new()
                    }
                ),
                )
                .with_hint("give one of them another number, or merge the two files"),
            );
        } else {
            seen.insert(&rec.id, &rec.path);
        }
        rec_rules(review, rec, today, repo_root, &mut used, out);
    }

    // With a file unreadable, who uses what cannot be known.
    if let Some(meta) = review.meta.as_ref().filter(|_| review.failed == 0) {
        for code in meta.agencies.keys() {
            let has_children = used.iter().any(|u| is_within(u, code));
            if !has_children {
                out.push(
                    Diagnostic::warning(
                        &meta_path,
                        Place::Path(KeyPath::root().key("agencies").key(code)),
                        format!(
                            "agency `{code}` is declared but no recommendation or action uses it"
                        ),
                    )
                    .with_hint("remove it, or check the codes used in the recommendation files"),
                );
            }
        }
    }
}

/// `RBWM-CSC` is within `RBWM`; every code is within itself.
pub fn is_within(code: &str, parent: &str) -> bool {
    code.eq_ignore_ascii_case(parent)
        || (code.len() > parent.len()
            && code.as_bytes()[parent.len()] == b'-'
            && code[..parent.len()].eq_ignore_ascii_case(parent))
}

/// A sign-off dated before the completion or the evidence it signs off: the board cannot
/// have seen what did not yet exist (a transcription slip, or a sign-off on a promise).
fn signed_before(
    path: &Path,
    finalised: &Option<Finalisation>,
    completed: Option<PlanDate>,
    evidence: &[Evidence],
    at: &dyn Fn() -> KeyPath,
    id: &dyn Fn() -> String,
    out: &mut Vec<Diagnostic>,
) {
    let Some(signed) = finalised.as_ref().and_then(|f| f.date) else {
        return;
    };
    // Month precision on either side: only a whole month earlier is surely before.
    let before = |d: PlanDate| signed.last_day() < d.first_day();
    let what = if completed.is_some_and(before) {
        completed.map(|c| format!("its completion ({c})"))
    } else {
        evidence
            .iter()
            .filter_map(|e| e.date)
            .filter(|d| before(*d))
            .max_by_key(|d| d.first_day())
            .map(|d| format!("evidence dated {d}"))
    };
    if let Some(what) = what {
        out.push(
            Diagnostic::warning(
                path,
                Place::Path(at().key("date")),
                format!("action {} is signed off ({signed}) before {what}", id()),
            )
            .with_hint("check the dates against the minutes of the meeting that signed it off"),
        );
    }
}

fn rec_rules<'a>(
    review: &Review,
    rec: &'a Recommendation,
    today: Option<NaiveDate>,
    repo_root: &Documents,
    used: &mut HashSet<&'a str>,
    out: &mut Vec<Diagnostic>,
) {
    let path = &rec.path;
    let root = KeyPath::root();
    let f = &rec.file;
    // Key paths and IDs are built only for a problem found: most files have none.
    let mut agency = |code: &'a str, at: &dyn Fn() -> KeyPath, out: &mut Vec<Diagnostic>| {
        used.insert(code);
        if let Some(meta) = &review.meta {
            if !meta.agencies.contains_key(code) {
                let d = Diagnostic::error(
                    path,
                    Place::Path(at()),
                    format!(
                        "agency `{code}` is not declared in {}/review.toml",
                        review.id
                    ),
                );
                let hint = match did_you_mean(code, meta.agencies.keys().map(String::as_str)) {
                    Some(m) => format!("did you mean `{m}`? or declare `{code}` under [agencies]"),
                    None => format!(
                        "declare it under [agencies] in review.toml; declared: {}",
                        meta.agencies.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                };
                out.push(d.with_hint(hint));
            }
        }
    };
    agency(&f.agency, &|| root.key("agency"), out);
    for (i, code) in f.agencies.iter().enumerate() {
        let at = || root.key("agencies").index(i);
        agency(code, &at, out);
        if *code == f.agency || f.agencies[..i].contains(code) {
            out.push(
                Diagnostic::warning(
                    path,
                    Place::Path(at()),
                    format!("agency `{code}` is named twice"),
                )
                .with_hint("`agency` is the lead; `agencies` lists the others once each"),
            );
        }
    }
    match &f.text {
        Some(t) => non_empty(path, t, || root.key("text"), out),
        None => out.push(
            Diagnostic::warning(
                path,
                Place::Path(root.key("number")),
                format!("recommendation `{}` has no text", rec.id),
            )
            .with_hint("add text = \"…\" with the recommendation in the document's words"),
        ),
    }
    if f.actions.is_empty() {
        out.push(
            Diagnostic::warning(
                path,
                Place::Path(root.key("number")),
                format!("recommendation `{}` has no actions", rec.id),
            )
            .with_hint("add the agreed actions under [[actions]]"),
        );
    }
    if let Some(fin) = &f.finalised {
        not_future(
            path,
            fin.date,
            today,
            || root.key("finalised").key("date"),
            "finalisation",
            out,
        );
    }
    for (i, a) in f.actions.iter().enumerate() {
        let at = || action_path(i);
        let id = || rec.action_id(i);
        if let Some(code) = &a.agency {
            agency(code, &|| at().key("agency"), out);
        }
        non_empty(path, &a.description, || at().key("description"), out);
        let complete = a.status == Some(Declared::Complete);
        not_future(
            path,
            a.completed,
            today,
            || at().key("completed"),
            "completion date",
            out,
        );
        for (j, e) in a.evidence.iter().enumerate() {
            let ep = || at().key("evidence").index(j);
            not_future(
                path,
                e.date,
                today,
                || ep().key("date"),
                "evidence date",
                out,
            );
            non_empty(path, &e.text, || ep().key("text"), out);
            if let Some(file) = &e.file {
                if outside_repo(file) {
                    // Whether such a path exists is nobody's business: never looked at.
                    out.push(
                        Diagnostic::error(
                            path,
                            Place::Path(ep().key("file")),
                            format!("evidence file `{file}` is outside the repository"),
                        )
                        .with_hint(format!(
                            "name the document by its path from {}, such as evidence/minutes.pdf",
                            repo_root.describe()
                        )),
                    );
                } else if !repo_root.exists(file) {
                    out.push(
                        Diagnostic::error(
                            path,
                            Place::Path(ep().key("file")),
                            format!("evidence file `{file}` does not exist"),
                        )
                        .with_hint(format!(
                            "paths are relative to {}; add the document or correct the path",
                            repo_root.describe()
                        )),
                    );
                }
            }
        }
        if let Some(fin) = &a.finalised {
            not_future(
                path,
                fin.date,
                today,
                || at().key("finalised").key("date"),
                "finalisation",
                out,
            );
        }
        if let (Some(start), Some(due)) = (a.start, a.due) {
            if start.first_day() > due.last_day() {
                out.push(
                    Diagnostic::warning(
                        path,
                        Place::Path(at().key("start")),
                        format!("action {} starts ({start}) after it is due ({due})", id()),
                    )
                    .with_hint("check the two dates against the plan"),
                );
            }
        }
        if a.finalised.is_some() {
            signed_before(
                path,
                &a.finalised,
                a.completed,
                &a.evidence,
                &|| at().key("finalised"),
                &id,
                out,
            );
        } else {
            signed_before(
                path,
                &f.finalised,
                a.completed,
                &a.evidence,
                &|| root.key("finalised"),
                &id,
                out,
            );
        }
        if complete && a.evidence.is_empty() {
            out.push(
                Diagnostic::warning(
                    path,
                    Place::Path(at().key("status")),
                    format!("action {} is complete but records no evidence", id()),
                )
                .with_hint("add an [[actions.evidence]] entry saying what shows it was done"),
            );
        }
        if !complete && a.completed.is_some() {
            out.push(
                Diagnostic::warning(
                    path,
                    Place::Path(at().key("completed")),
                    format!(
                        "action {} has a completion date but its status is not complete",
                        id()
                    ),
                )
                .with_hint("set status = \"complete\", or remove the completion date"),
            );
        }
        if !complete && (a.finalised.is_some() || f.finalised.is_some()) {
            let place = if a.finalised.is_some() {
                at().key("finalised")
            } else {
                root.key("finalised")
            };
            out.push(
                Diagnostic::warning(
                    path,
                    Place::Path(place),
                    format!(
                        "action {} is finalised but its status is not complete",
                        id()
                    ),
                )
                .with_hint("the board signs off completed actions: set status = \"complete\""),
            );
        }
        if a.lead.as_deref().is_none_or(|l| l.trim().is_empty()) {
            out.push(
                Diagnostic::warning(
                    path,
                    Place::Path(at()),
                    format!("action {} names no lead officer", id()),
                )
                .with_hint("add lead = \"…\": someone has to be chased"),
            );
        }
    }
}

fn non_empty(path: &Path, s: &str, at: impl FnOnce() -> KeyPath, out: &mut Vec<Diagnostic>) {
    if s.trim().is_empty() {
        out.push(Diagnostic::error(
            path,
            Place::Path(at()),
            "this text is empty",
        ));
    }
}

fn not_future(
    path: &Path,
    date: Option<PlanDate>,
    today: Option<NaiveDate>,
    at: impl FnOnce() -> KeyPath,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    if let (Some(d), Some(today)) = (date, today) {
        if d.first_day() > today {
            out.push(
                Diagnostic::error(
                    path,
                    Place::Path(at()),
                    format!("the {what} {d} is in the future (today is {today})"),
                )
                .with_hint("record what has happened; a planned date belongs in `due` or `review`"),
            );
        }
    }
}

fn suggest_code(code: &str) -> String {
    let s: String = code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_hierarchy() {
        assert!(is_within("RBWM-CSC", "RBWM"));
        assert!(is_within("rbwm-csc", "RBWM"));
        assert!(is_within("RBWM", "RBWM"));
        assert!(!is_within("RBWMX", "RBWM"));
        assert!(!is_within("RBWM", "RBWM-CSC"));
    }

    #[test]
    fn agency_codes() {
        assert!(is_valid_agency_code("HOBTPCT-GP"));
        assert!(!is_valid_agency_code("W&M"));
        assert!(!is_valid_agency_code("bhft"));
        assert_eq!(suggest_code("W&M"), "W-M");
    }
}
