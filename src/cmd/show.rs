//! `sct show ID`: a review, a recommendation or an action in full.

use crate::cli::{Format, ShowArgs};
use crate::config::Config;
use crate::plan::load::{Plans, Recommendation, Review};
use crate::plan::model::{Action, Finalisation, Note};
use crate::plan::query::{rows, Counts, Filter};
use crate::plan::status::{worst, Rules, State};
use crate::render::json::to_json;
use crate::Output;
use serde::Serialize;
use std::fmt::Write as _;

pub enum Found<'a> {
    Review(&'a Review),
    Rec(&'a Review, &'a Recommendation),
    Action(&'a Review, &'a Recommendation, usize),
}

/// Finds what an ID names; IDs are compared without regard to case.
pub fn find<'a>(plans: &'a Plans, id: &str) -> anyhow::Result<Found<'a>> {
    let id = id.trim().trim_end_matches('/');
    for review in &plans.reviews {
        if review.id.eq_ignore_ascii_case(id) {
            return Ok(Found::Review(review));
        }
        for rec in &review.recs {
            if rec.id.eq_ignore_ascii_case(id) {
                return Ok(Found::Rec(review, rec));
            }
            if let Some(n) = id
                .get(..rec.id.len())
                .filter(|p| p.eq_ignore_ascii_case(&rec.id))
                .and_then(|_| id[rec.id.len()..].strip_prefix('.'))
            {
                if let Ok(n @ 1..) = n.parse::<usize>() {
                    if n <= rec.file.actions.len() {
                        return Ok(Found::Action(review, rec, n - 1));
                    }
                    anyhow::bail!(
                        "{} has {} action{}, so there is no `{id}`",
                        rec.id,
                        rec.file.actions.len(),
                        if rec.file.actions.len() == 1 { "" } else { "s" }
                    );
                }
            }
        }
    }
    let all = plans
        .reviews
        .iter()
        .flat_map(|r| std::iter::once(r.id.clone()).chain(r.recs.iter().map(|x| x.id.clone())));
    let all: Vec<String> = all.collect();
    let hint = match crate::plan::diag::did_you_mean(id, all.iter().map(String::as_str)) {
        Some(m) => format!("did you mean `{m}`?"),
        None => "IDs look like wm-2011 (a review), wm-2011/21 (a recommendation) or \
                 wm-2011/21.1 (an action); `sct list` shows them"
            .to_string(),
    };
    anyhow::bail!("nothing has the ID `{id}`\n  = hint: {hint}")
}

pub fn run(config: &Config, args: &ShowArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let found = find(&plans, &args.id)?;
    let rules = &config.rules;
    let text = match (config.format, &found) {
        (Format::Json, Found::Review(r)) => to_json(&review_json(&plans, rules, r)),
        (Format::Json, Found::Rec(_, rec)) => to_json(&rec_json(rules, rec)),
        (Format::Json, Found::Action(_, rec, i)) => to_json(&action_json(rules, rec, *i)),
        (_, Found::Review(r)) => review_text(config, r),
        (_, Found::Rec(r, rec)) => rec_text(config, r, rec),
        (_, Found::Action(r, rec, i)) => {
            let mut s = rec_heading(config, rec);
            s.push('\n');
            action_text(&mut s, config, r, rec, *i);
            s
        }
    };
    Ok(Output::stdout(text))
}

#[derive(Serialize)]
struct ActionJson<'a> {
    action: String,
    agency: &'a str,
    /// Every agency that owns the action, `agency` first.
    agencies: Vec<&'a str>,
    state: State,
    days_overdue: Option<i64>,
    signed_off: bool,
    #[serde(flatten)]
    fields: &'a Action,
}

#[derive(Serialize)]
struct RecJson<'a> {
    recommendation: &'a str,
    file: String,
    state: Option<State>,
    #[serde(flatten)]
    fields: &'a crate::plan::model::RecFile,
    #[serde(rename = "actions")]
    evaluated: Vec<ActionJson<'a>>,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    review: &'a str,
    #[serde(flatten)]
    meta: Option<&'a crate::plan::model::ReviewFile>,
    counts: Counts,
    recommendations: Vec<RecSummary<'a>>,
}

#[derive(Serialize)]
struct RecSummary<'a> {
    recommendation: &'a str,
    agency: &'a str,
    text: Option<&'a str>,
    actions: usize,
    state: Option<State>,
}

fn action_json<'a>(rules: &Rules, rec: &'a Recommendation, i: usize) -> ActionJson<'a> {
    let a = &rec.file.actions[i];
    let e = rules.evaluate(a, rec.file.finalised.as_ref());
    ActionJson {
        action: rec.action_id(i),
        agency: rec.agency_of(a),
        agencies: rec.agencies_of(a),
        state: e.state,
        days_overdue: e.days_overdue,
        signed_off: a.finalised.is_some() || rec.file.finalised.is_some(),
        fields: a,
    }
}

fn rec_state(rules: &Rules, rec: &Recommendation) -> Option<State> {
    worst(
        rec.file
            .actions
            .iter()
            .map(|a| rules.evaluate(a, rec.file.finalised.as_ref()).state),
    )
}

fn rec_json<'a>(rules: &Rules, rec: &'a Recommendation) -> RecJson<'a> {
    // The flattened file's own `actions` key is replaced by the evaluated ones.
    RecJson {
        recommendation: &rec.id,
        file: rec.path.display().to_string(),
        state: rec_state(rules, rec),
        fields: &rec.file,
        evaluated: (0..rec.file.actions.len())
            .map(|i| action_json(rules, rec, i))
            .collect(),
    }
}

fn review_json<'a>(plans: &'a Plans, rules: &Rules, r: &'a Review) -> ReviewJson<'a> {
    let mut counts = Counts::default();
    let f = Filter {
        review: Some(r.id.clone()),
        ..Default::default()
    };
    for row in rows(plans, rules, &f) {
        counts.add(row.eval.state);
    }
    ReviewJson {
        review: &r.id,
        meta: r.meta.as_ref(),
        counts,
        recommendations: r
            .recs
            .iter()
            .map(|rec| RecSummary {
                recommendation: &rec.id,
                agency: &rec.file.agency,
                text: rec.file.text.as_deref(),
                actions: rec.file.actions.len(),
                state: rec_state(rules, rec),
            })
            .collect(),
    }
}

fn paint(config: &Config, s: &str, state: Option<State>) -> String {
    let code = match state {
        _ if !config.style.color => return s.to_string(),
        Some(State::Overdue) => "31",
        Some(State::DueSoon) => "38;5;214",
        Some(State::Pending) => "32",
        Some(State::Completed) => "2",
        _ => return s.to_string(),
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

fn bold(config: &Config, s: &str) -> String {
    if config.style.color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// Wraps text to the terminal width (or 100): `first` opens the first line, and the lines
/// after it are indented to match.
fn wrap_with(s: &mut String, config: &Config, first: &str, text: &str) {
    let indent = " ".repeat(first.chars().count());
    let width = config
        .style
        .width
        .map_or(100, usize::from)
        .max(indent.len() + 30);
    let mut lead = first;
    // Paragraphs stay apart; the lines within one are refilled to the width.
    for para in text.trim().split("\n\n") {
        let flat = crate::guard::text::flatten(para);
        let options = textwrap::Options::new(width)
            .initial_indent(lead)
            .subsequent_indent(&indent);
        let _ = writeln!(s, "{}", textwrap::fill(&flat, options));
        lead = &indent;
    }
}

fn wrap(s: &mut String, config: &Config, indent: usize, text: &str) {
    wrap_with(s, config, &" ".repeat(indent), text);
}

fn field(s: &mut String, config: &Config, name: &str, value: &str) {
    let label = format!("  {:<12}", format!("{name}:"));
    let mut body = String::new();
    wrap_with(&mut body, config, &label, value);
    if config.style.color {
        body = body.replacen(&label, &bold(config, &label), 1);
    }
    s.push_str(&body);
}

fn date_line(d: Option<crate::plan::date::PlanDate>) -> String {
    d.map_or(String::new(), |d| format!("{d}  "))
}

fn notes_text(s: &mut String, config: &Config, title: &str, notes: &[Note]) {
    if notes.is_empty() {
        return;
    }
    let _ = writeln!(s, "  {}", bold(config, title));
    for n in notes {
        let body = n
            .body
            .as_deref()
            .map_or(String::new(), |b| format!("[{b}] "));
        wrap_with(
            s,
            config,
            "    - ",
            &format!("{}{body}{}", date_line(n.date), n.text),
        );
    }
}

fn finalised_text(f: &Finalisation) -> String {
    match f.date {
        Some(d) => format!("{d} by {}", f.by),
        None => format!("by {} (date not recorded)", f.by),
    }
}

fn rec_heading(config: &Config, rec: &Recommendation) -> String {
    let state = rec_state(&config.rules, rec);
    let mut s = String::new();
    let state_word = state.map_or("no actions", |x| x.as_str());
    let about = format!(
        "{} · {} section · recommendation {}",
        std::iter::once(rec.file.agency.as_str())
            .chain(rec.file.agencies.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(", "),
        rec.file.section.as_str(),
        rec.file.number,
    );
    let id = bold(config, &rec.id);
    let state_shown = paint(config, state_word, state);
    // One line where it fits; on a narrow terminal the details go below the ID.
    let one_line = rec.id.chars().count() + about.chars().count() + state_word.len() + 6;
    if config
        .style
        .width
        .is_none_or(|w| one_line <= usize::from(w))
    {
        let _ = writeln!(s, "{id}  {about}  [{state_shown}]");
    } else {
        let _ = writeln!(s, "{id}  [{state_shown}]");
        wrap(&mut s, config, 0, &about);
    }
    wrap(&mut s, config, 0, rec.file.text_shown());
    s
}

fn rec_text(config: &Config, review: &Review, rec: &Recommendation) -> String {
    let mut s = rec_heading(config, rec);
    s.push('\n');
    if let Some(a) = &rec.file.agreed_by {
        field(&mut s, config, "Agreed by", a);
    }
    if let Some(f) = &rec.file.finalised {
        field(&mut s, config, "Finalised", &finalised_text(f));
    }
    field(&mut s, config, "File", &rec.path.display().to_string());
    notes_text(&mut s, config, "Monitoring:", &rec.file.notes);
    for i in 0..rec.file.actions.len() {
        s.push('\n');
        action_text(&mut s, config, review, rec, i);
    }
    s
}

fn action_text(s: &mut String, config: &Config, review: &Review, rec: &Recommendation, i: usize) {
    let a = &rec.file.actions[i];
    let e = config.rules.evaluate(a, rec.file.finalised.as_ref());
    let late = e
        .days_overdue
        .map_or(String::new(), |d| format!(", {d} days overdue"));
    let _ = writeln!(
        s,
        "{}  [{}{late}]",
        bold(config, &format!("Action {}", rec.action_id(i))),
        paint(config, e.state.as_str(), Some(e.state))
    );
    wrap(s, config, 2, &a.description);
    let agency = rec.agency_of(a);
    let name = review
        .agency_name(agency)
        .map_or(String::new(), |n| format!(" ({n})"));
    field(s, config, "Agency", &format!("{agency}{name}"));
    let others = &rec.agencies_of(a)[1..];
    if !others.is_empty() {
        field(s, config, "With", &others.join(", "));
    }
    if let Some(l) = &a.lead {
        field(s, config, "Lead", l);
    }
    if let Some(start) = a.start {
        field(s, config, "Starts", &start.to_string());
    }
    let due = match (a.due, &a.due_text) {
        (Some(d), Some(t)) => format!("{d} (\"{t}\")"),
        (Some(d), None) => d.to_string(),
        (None, Some(t)) => format!("none (\"{t}\")"),
        (None, None) => "none (ongoing)".to_string(),
    };
    field(s, config, "Due", &due);
    if let Some(r) = a.review {
        field(s, config, "Review", &r.to_string());
    }
    let status = match (a.status, &a.status_text) {
        (Some(d), Some(t)) => format!("{d} (\"{t}\")"),
        (Some(d), None) => d.to_string(),
        (None, Some(t)) => format!("not declared (\"{t}\")"),
        (None, None) => "not declared".to_string(),
    };
    field(s, config, "Declared", &status);
    if let Some(c) = a.completed {
        field(s, config, "Completed", &c.to_string());
    }
    if let Some(o) = &a.outcome {
        field(s, config, "Outcome", o);
    }
    // Both facts: what the agency declared (above) and the board's sign-off, which closes
    // the action whatever was declared.
    match (&a.finalised, &rec.file.finalised) {
        (Some(f), _) => field(s, config, "Finalised", &finalised_text(f)),
        (None, Some(f)) => field(
            s,
            config,
            "Finalised",
            &format!("{} (with its recommendation)", finalised_text(f)),
        ),
        (None, None) => {}
    }
    if !a.evidence.is_empty() {
        let _ = writeln!(s, "  {}", bold(config, "Evidence:"));
        for ev in &a.evidence {
            let by = ev
                .by
                .as_deref()
                .map_or(String::new(), |b| format!(" ({b})"));
            let file = ev
                .file
                .as_deref()
                .map_or(String::new(), |f| format!(" [{f}]"));
            wrap_with(
                s,
                config,
                "    - ",
                &format!("{}{}{by}{file}", date_line(ev.date), ev.text),
            );
        }
    }
    notes_text(s, config, "Notes:", &a.notes);
}

fn review_text(config: &Config, r: &Review) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", bold(config, &r.id));
    if let Some(m) = &r.meta {
        wrap(&mut s, config, 0, &m.title);
        if let Some(k) = m.kind {
            field(&mut s, config, "Kind", &format!("{} ({k})", k.name()));
        }
        field(&mut s, config, "Board", &m.board);
        if let Some(c) = &m.case {
            field(&mut s, config, "Case", c);
        }
        if let Some(c) = m.commenced {
            field(&mut s, config, "Commenced", &c.to_string());
        }
        if let Some(p) = m.published {
            field(&mut s, config, "Published", &p.to_string());
        }
        if let Some(src) = &m.source {
            field(&mut s, config, "Source", src);
        }
        let _ = writeln!(s, "  {}", bold(config, "Agencies:"));
        for (code, name) in &m.agencies {
            wrap_with(&mut s, config, &format!("    {code:<12} "), name);
        }
    }
    s.push('\n');
    let mut t = crate::render::table::new_table(
        &config.style,
        &["Recommendation", "Agency", "Actions", "State", "Text"],
    );
    for rec in &r.recs {
        let state = rec_state(&config.rules, rec);
        let mut row = comfy_table::Row::from(vec![
            crate::render::table::cell(&rec.id),
            crate::render::table::cell(&rec.file.agency),
            crate::render::table::number(rec.file.actions.len()),
            match state {
                Some(st) => crate::render::table::painted(&config.style, st, st),
                None => crate::render::table::cell("–"),
            },
            crate::render::table::cell(
                rec.file
                    .text_shown()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ]);
        if config.style.width.is_some() {
            row.max_height(1);
        }
        t.add_row(row);
    }
    use crate::render::table::Give;
    crate::render::table::fit(
        &mut t,
        &config.style,
        &[
            Give::Never,
            Give::Drop(1),
            Give::Drop(2),
            Give::Never,
            Give::Wrap,
        ],
    );
    s.push_str(&crate::render::table::finish(t));
    s
}
