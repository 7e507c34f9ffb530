//! `sct new review` and `sct new recommendation`: commented templates that pass `sct check`.
//! Nothing is overwritten, and every file is parsed by the loader before it is written.

use crate::cli::{NewCommand, NewRecArgs, NewReviewArgs};
use crate::config::Config;
use crate::guard::write_file;
use crate::plan::diag::{did_you_mean, Diagnostic, Severity};
use crate::plan::layout;
use crate::plan::load::{is_valid_review_id, rec_id, Plans, Recommendation};
use crate::plan::model::{RecFile, RecNumber, ReviewFile, Section};
use crate::plan::read::parse_str;
use crate::plan::validate::{is_valid_agency_code, validate};
use crate::write::emit::{basic, Writer};
use crate::write::gate::Gate;
use crate::Output;
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

pub fn run(config: &Config, cmd: &NewCommand) -> anyhow::Result<Output> {
    match cmd {
        NewCommand::Review(a) => review(config, a),
        NewCommand::Recommendation(a) => recommendation(config, a),
    }
}

fn review(config: &Config, a: &NewReviewArgs) -> anyhow::Result<Output> {
    if !is_valid_review_id(&a.slug) {
        bail!(
            "`{}` cannot be a review ID\n  = hint: use lower-case letters, digits and -, such as wm-2011",
            a.slug
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (code, _) in &a.agencies {
        if !is_valid_agency_code(code) {
            bail!(
                "`{code}` is not a usable agency code\n  = hint: use upper-case letters, digits and -, such as BHFT or RBWM-CSC"
            );
        }
        if !seen.insert(code) {
            bail!("agency `{code}` is given twice");
        }
    }
    // The writers' lock (a plans folder not made yet has no other writer to wait for).
    let gate = match config.plans.is_dir() {
        true => Some(Gate::open(&config.plans, None, config.clock)?),
        false => None,
    };
    let dir = config.plans.join(&a.slug);
    let path = dir.join("review.toml");
    refuse_existing(&path)?;
    let text = review_template(config, &path, a);
    // The template must be what the loader reads: a failure here is a bug in sct.
    let meta: ReviewFile = parse_str(&path, &text).map_err(|d| invalid(&path, &d))?;
    debug_assert_eq!(meta.agencies.len(), a.agencies.len());

    // The write gate's check, before the folder is made: its name is published too.
    crate::guard::privacy::active().refuse_names(Path::new(&a.slug), "the review's folder name")?;
    crate::guard::privacy::refuse_identifiers(&text, &format!("`{}`", path.display()))?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    match &gate {
        Some(gate) => {
            gate.write(&path, None, &text, "")?;
        }
        None => write_file(&path, &text)?,
    }
    let mut out = format!("created {}\n", path.display());
    out.push_str(&write_missing_schemas(config)?);
    let first = if a.agencies.is_empty() {
        "declare its agencies under [agencies], then "
    } else {
        ""
    };
    out.push_str(&format!(
        "next: {first}`sct new recommendation {} --agency CODE`\n",
        a.slug
    ));
    Ok(Output::stdout(out))
}

fn review_template(config: &Config, path: &Path, a: &NewReviewArgs) -> String {
    let mut w = Writer::default();
    w.line(&layout::schema_line(&config.plans, path));
    w.comment(&format!(
        "{}: the review's metadata and the agency codes its plan uses.\n\
         Each recommendation is a file in this folder: `sct new recommendation {} --agency CODE`.",
        a.title.lines().next().unwrap_or_default(),
        a.slug
    ));
    match a.kind {
        Some(k) => w.string("kind", k.as_str()),
        None => w.line(
            "# kind = \"lcspr\"                  # scr, lcspr, rapid-review, national-review, sar, dhr, other",
        ),
    }
    w.string("title", &a.title);
    w.string("board", &a.board);
    match &a.case {
        Some(c) => w.string("case", c),
        None => w.line("# case = \"Case 14\"                # the case reference"),
    }
    match a.commenced {
        Some(d) if d.is_month() => w.line(&format!("commenced = \"{d}\"")),
        Some(d) => w.line(&format!("commenced = {d}")),
        None => w.line(
            "# commenced = 2009-06-19          # when the plan was commenced, or \"2009-06\"",
        ),
    }
    w.line("# published = \"2010-10\"           # when the review was published");
    w.line("# source = \"…\"                    # the document this plan is transcribed from");
    w.line("");
    w.comment(
        "Every agency code the plan uses, with the agency's full name. Codes are upper-case\n\
         letters, digits and -; a code with a hyphen belongs to the one before it (RBWM-CSC is\n\
         within RBWM).",
    );
    w.line("[agencies]");
    if a.agencies.is_empty() {
        w.line("# BHFT = \"Berkshire Healthcare NHS Foundation Trust\"");
    }
    for (code, name) in &a.agencies {
        w.line(&format!("{code} = {}", basic(name)));
    }
    w.line("");
    w.comment(
        "Who approves changes on GitHub or GitLab: `sct codeowners` writes a CODEOWNERS file\n\
         from this table. The names below are examples, not real teams.\n\
         [owners]\n\
         qa = [\"@example-board/qa-subgroup\"]            # approves review.toml\n\
         \n\
         [owners.agencies]\n\
         BHFT = [\"@example-board/bhft-safeguarding\"]    # approves BHFT's recommendation files",
    );
    w.out
}

/// The JSON Schemas the `#:schema` lines point at, written beside the plans folder where
/// they are missing (a new plans repository); existing ones are left alone.
fn write_missing_schemas(config: &Config) -> anyhow::Result<String> {
    let dir = config
        .plans
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let dir = dir.join("schema");
    let mut out = String::new();
    for (file, text) in [
        (
            crate::plan::schema::REVIEW_SCHEMA_FILE,
            crate::plan::schema::review(),
        ),
        (
            crate::plan::schema::RECOMMENDATION_SCHEMA_FILE,
            crate::plan::schema::recommendation(),
        ),
    ] {
        let path = dir.join(file);
        if path.exists() {
            continue;
        }
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        write_file(&path, &text)?;
        out.push_str(&format!("created {} (for editors)\n", path.display()));
    }
    Ok(out)
}

fn recommendation(config: &Config, a: &NewRecArgs) -> anyhow::Result<Output> {
    // The writers' lock, from before the plans are read until the file is written.
    let gate = Gate::open(&config.plans, None, config.clock)?;
    let mut plans = super::load_valid(config)?;
    let at = review_index(&plans, &a.review)?;
    let review = &plans.reviews[at];
    let meta = review
        .meta
        .as_ref()
        .context("the review has no review.toml")?;
    let agency = declared_agency(meta, &a.agency, &review.id)?;
    let section = a
        .section
        .map(Section::from)
        .unwrap_or_else(|| layout::default_section(review));
    let number = match &a.number {
        Some(n) => RecNumber::parse(n)?,
        None => layout::next_number(review, section, &agency),
    };
    let rec = RecFile {
        number,
        section,
        agency: agency.clone(),
        agencies: Vec::new(),
        text: a.text.clone().filter(|t| !t.trim().is_empty()),
        themes: Vec::new(),
        agreed_by: None,
        finalised: None,
        notes: Vec::new(),
        actions: Vec::new(),
    };
    let id = rec_id(&review.id, &rec);
    if let Some(other) = review.recs.iter().find(|r| r.id == id) {
        bail!(
            "recommendation {id} already exists: {}\n  = hint: sct new never overwrites; leave out --number for the next free one",
            other.path.display()
        );
    }
    let path = layout::rec_path(review, &rec);
    refuse_existing(&path)?;
    let name = meta.agencies.get(&agency).cloned().unwrap_or_default();
    let text = rec_template(config, &path, &id, &name, &rec);

    let parsed: RecFile = parse_str(&path, &text).map_err(|d| invalid(&path, &d))?;
    if serde_json::to_value(&parsed)? != serde_json::to_value(&rec)? {
        bail!(
            "internal error: the template for {} does not read back as written",
            path.display()
        );
    }
    plans.reviews[at].recs.push(Recommendation {
        id: id.clone(),
        path: path.clone(),
        file: parsed,
    });
    check_new_files(&plans, config, std::slice::from_ref(&path))?;

    crate::guard::privacy::refuse_identifiers(&text, &format!("`{}`", path.display()))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    gate.write(&path, None, &text, "")?;
    Ok(Output::stdout(format!(
        "created {}: recommendation {id} ({agency}, {} section)\n\
         next: give its text and actions, then run `sct check`\n",
        path.display(),
        section.as_str()
    )))
}

fn rec_template(config: &Config, path: &Path, id: &str, name: &str, rec: &RecFile) -> String {
    let mut w = Writer::default();
    w.line(&layout::schema_line(&config.plans, path));
    w.comment(&format!(
        "{id}: a recommendation to {} ({name}).\n\
         Give its text in the review's words and one [[actions]] table per agreed action;\n\
         `sct check` says what is still missing. REFERENCE.md describes every key.",
        rec.agency
    ));
    w.number("number", &rec.number);
    w.string("section", rec.section.as_str());
    w.string("agency", &rec.agency);
    match &rec.text {
        Some(t) => w.string("text", t),
        None => {
            w.line("# text = \"\"\"");
            w.line("# The recommendation, in the review's words.\"\"\"");
        }
    }
    w.line("# agreed_by = \"Who agreed it for the agency\"");
    w.line("");
    w.comment(
        "One [[actions]] table per action; they are numbered 1, 2, 3… in file order, so add\n\
         new ones at the end.\n\
         [[actions]]\n\
         description = \"What is to be done\"\n\
         lead = \"The lead officer(s)\"\n\
         due = \"2012-05\"                 # a month, or a day: 2012-05-31\n\
         outcome = \"The outcome to be achieved\"\n\
         status = \"not-started\"          # not-started | in-progress | delayed | ongoing | complete\n\
         \n\
         [[actions.evidence]]            # what shows it was done: append, never rewrite\n\
         date = 2012-05-31\n\
         text = \"What the evidence shows\"",
    );
    w.out
}

/// The index of review `id`, or an error naming the reviews there are.
pub fn review_index(plans: &Plans, id: &str) -> anyhow::Result<usize> {
    crate::plan::query::Filter {
        review: Some(id.to_string()),
        ..Default::default()
    }
    .check_review(plans)?;
    Ok(plans
        .reviews
        .iter()
        .position(|r| r.id == id)
        .unwrap_or_default())
}

/// An agency code the review declares, or an error with the closest one.
pub fn declared_agency(meta: &ReviewFile, code: &str, review: &str) -> anyhow::Result<String> {
    if meta.agencies.contains_key(code) {
        return Ok(code.to_string());
    }
    let hint = match did_you_mean(code, meta.agencies.keys().map(String::as_str)) {
        Some(m) => format!("did you mean `{m}`?"),
        None => format!(
            "declare it under [agencies] in {review}/review.toml; declared: {}",
            meta.agencies.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
    };
    bail!("agency `{code}` is not declared in {review}/review.toml\n  = hint: {hint}")
}

fn refuse_existing(path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        bail!(
            "{} already exists\n  = hint: sct never overwrites a plan file; edit it, or choose another name",
            path.display()
        );
    }
    Ok(())
}

/// Runs the cross-file rules on the plans with new files added in memory; any error in
/// one of `new` stops the write.
pub fn check_new_files(plans: &Plans, config: &Config, new: &[PathBuf]) -> anyhow::Result<()> {
    let errors: Vec<Diagnostic> = validate(
        plans,
        Some(config.clock),
        &crate::plan::validate::Documents::Dir(config.repo_root()),
    )
    .into_iter()
    .filter(|d| d.severity == Severity::Error && new.contains(&d.file))
    .collect();
    if errors.is_empty() {
        return Ok(());
    }
    Err(invalid(&errors[0].file, &errors))
}

fn invalid(path: &Path, diags: &[Diagnostic]) -> anyhow::Error {
    let mut msg = format!(
        "{} would not pass `sct check`; nothing was written:",
        path.display()
    );
    for d in diags {
        msg.push_str(&format!("\n  {}", d.message));
        if let Some(h) = &d.hint {
            msg.push_str(&format!(" ({h})"));
        }
    }
    anyhow::anyhow!(msg)
}
