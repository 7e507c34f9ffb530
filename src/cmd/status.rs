//! `sct status`: how many actions are in each state, per review or per agency.

use crate::cli::{By, Format, StatusArgs};
use crate::config::Config;
use crate::query::{rows, Counts, Filter};
use crate::render::json::to_json;
use crate::render::table::{count, finish, new_table, number};
use crate::render::{csv, markdown};
use crate::status::State;
use crate::Output;
use serde::Serialize;

/// One row of the status table; `agency` only with `--by agency`.
#[derive(Debug, Serialize)]
pub struct StatusRow {
    pub review: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(flatten)]
    pub counts: Counts,
    pub percent_complete: Option<u32>,
}

pub fn compute(
    plans: &crate::load::Plans,
    config: &Config,
    args: &StatusArgs,
) -> anyhow::Result<Vec<StatusRow>> {
    let filter = Filter {
        review: args.review.clone(),
        agency: args.agency.clone(),
        ..Default::default()
    };
    filter.check_review(plans)?;
    let mut out: Vec<StatusRow> = Vec::new();
    for review in &plans.reviews {
        if filter.review.as_deref().is_some_and(|r| r != review.id) {
            continue;
        }
        let mut groups: Vec<(Option<String>, Counts)> = Vec::new();
        if args.by == By::Review {
            groups.push((None, Counts::default()));
        }
        let scoped = Filter {
            review: Some(review.id.clone()),
            ..filter.clone()
        };
        for row in rows(plans, &config.rules, &scoped) {
            let key = (args.by == By::Agency).then(|| row.agency().to_string());
            let at = match groups.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    groups.push((key, Counts::default()));
                    groups.len() - 1
                }
            };
            groups[at].1.add(row.eval.state);
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for (agency, counts) in groups {
            out.push(StatusRow {
                review: review.id.clone(),
                agency,
                percent_complete: counts.percent_complete(),
                counts,
            });
        }
    }
    Ok(out)
}

pub fn run(config: &Config, args: &StatusArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let rows = compute(&plans, config, args)?;
    if config.format == Format::Json {
        return Ok(Output::stdout(to_json(&rows)));
    }
    let by_agency = args.by == By::Agency;
    let as_at = config.rules.today.format("%-d %B %Y");
    match config.format {
        Format::Csv => return Ok(Output::stdout(csv::status(&rows, by_agency))),
        Format::Markdown => {
            let table = markdown::status(&rows, by_agency);
            return Ok(Output::stdout(format!("As at {as_at}.\n\n{table}")));
        }
        _ => {}
    }
    let mut header = vec!["Review"];
    if by_agency {
        header.push("Agency");
    }
    header.extend([
        "Actions",
        "Completed",
        "Overdue",
        "Due soon",
        "Pending",
        "Ongoing",
        "% complete",
    ]);
    let mut t = new_table(config, &header);
    let mut total = Counts::default();
    for r in &rows {
        let mut cells = vec![comfy_table::Cell::new(&r.review)];
        if let Some(a) = &r.agency {
            cells.push(comfy_table::Cell::new(a));
        }
        cells.extend(count_cells(config, &r.counts));
        t.add_row(cells);
        total.merge(&r.counts);
    }
    if rows.len() > 1 {
        let mut cells = vec![comfy_table::Cell::new("Total")];
        if by_agency {
            cells.push(comfy_table::Cell::new(""));
        }
        cells.extend(count_cells(config, &total));
        t.add_row(cells);
    }
    let mut s = format!("As at {as_at}\n");
    s.push_str(&finish(t));
    Ok(Output::stdout(s))
}

fn count_cells(config: &Config, c: &Counts) -> Vec<comfy_table::Cell> {
    vec![
        number(c.total),
        count(config, c.completed, State::Completed),
        count(config, c.overdue, State::Overdue),
        count(config, c.due_soon, State::DueSoon),
        count(config, c.pending, State::Pending),
        number(c.ongoing),
        number(
            c.percent_complete()
                .map_or("–".to_string(), |p| format!("{p}%")),
        ),
    ]
}
