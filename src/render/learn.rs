//! `sct themes` and `sct similar` drawn: terminal tables, Markdown, CSV.

use crate::guard::text::one_line;
use crate::learn::similar::{rounded, Index, Pair};
use crate::learn::themes::{ReviewDate, ThemeRow};
use crate::render::table::{finish, new_table, number};
use crate::render::{csv, markdown, Style};
use comfy_table::Cell;
use std::fmt::Write as _;

fn when(r: &Option<ReviewDate>) -> String {
    match r {
        Some(ReviewDate {
            review,
            date: Some(d),
        }) => format!("{review} ({})", d.format("%b %Y")),
        Some(ReviewDate { review, date: None }) => review.clone(),
        None => "–".into(),
    }
}

pub fn themes_table(style: &Style, rows: &[ThemeRow]) -> String {
    let mut t = new_table(
        style,
        &[
            "Theme", "Reviews", "Recs", "Agencies", "Open", "Overdue", "First", "Last",
        ],
    );
    for r in rows {
        t.add_row(vec![
            Cell::new(&r.title),
            number(r.reviews.len()),
            number(r.recommendations.len()),
            number(r.agencies.len()),
            number(r.open),
            number(r.overdue),
            Cell::new(when(&r.first)),
            Cell::new(when(&r.last)),
        ]);
    }
    finish(t)
}

/// The themes as a GitHub table (also the report's themes section).
pub fn themes_markdown(rows: &[ThemeRow]) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                markdown::cell(&r.title),
                r.reviews.len().to_string(),
                r.recommendations.len().to_string(),
                markdown::cell(&r.agencies.join(", ")),
                r.open.to_string(),
                r.overdue.to_string(),
                markdown::cell(&when(&r.first)),
                markdown::cell(&when(&r.last)),
            ]
        })
        .collect();
    markdown::table(
        &[
            "Theme",
            "Reviews",
            "Recommendations",
            "Agencies",
            "Open actions",
            "Overdue",
            "First raised",
            "Last raised",
        ],
        &[false, true, true, false, true, true, false, false],
        &body,
    )
}

pub fn themes_csv(rows: &[ThemeRow]) -> String {
    let date = |r: &Option<ReviewDate>| {
        r.as_ref()
            .and_then(|r| r.date)
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let review = |r: &Option<ReviewDate>| r.as_ref().map(|r| r.review.clone()).unwrap_or_default();
    csv::write(
        &[
            "theme",
            "title",
            "reviews",
            "recommendations",
            "agencies",
            "actions",
            "open",
            "overdue",
            "first_review",
            "first_date",
            "last_review",
            "last_date",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                r.title.clone(),
                r.reviews.join(" "),
                r.recommendations.join(" "),
                r.agencies.join(" "),
                r.actions.to_string(),
                r.open.to_string(),
                r.overdue.to_string(),
                review(&r.first),
                date(&r.first),
                review(&r.last),
                date(&r.last),
            ]
        }),
    )
}

/// Each pair as a block: the score and the two recommendations, then each one's text on
/// a line of its own, cut to the width.
pub fn similar_text(style: &Style, index: &Index, pairs: &[Pair]) -> String {
    let width = usize::from(style.width.unwrap_or(100)).max(40);
    let mut out = String::new();
    for p in pairs {
        let r = index.record(p);
        let done = |c: bool| if c { "completed" } else { "open" };
        let _ = writeln!(
            out,
            "{:.2}  {} ({}, {})  ~  {} ({}, {})",
            rounded(p.score),
            r.a,
            r.a_agency,
            done(r.a_completed),
            r.b,
            r.b_agency,
            done(r.b_completed)
        );
        for d in [&index.docs[p.a], &index.docs[p.b]] {
            let text = d.rec.file.text_shown();
            let _ = writeln!(out, "      {}", one_line(text, width - 6));
        }
        out.push('\n');
    }
    let n = pairs.len();
    let _ = writeln!(out, "{n} pair{}", if n == 1 { "" } else { "s" });
    out
}
