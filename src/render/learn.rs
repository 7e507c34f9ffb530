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

/// The report's themes section in HTML: a bar per theme (its recommendations, the open
/// part in amber, the overdue part in red) and the table.
pub fn themes_html(rows: &[ThemeRow]) -> String {
    use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
    const W: f64 = 720.0;
    const LABEL: f64 = 250.0;
    const BAR: f64 = 420.0;
    const ROW: f64 = 20.0;
    const H: f64 = 13.0;
    let max = rows.iter().map(|r| r.actions).max().unwrap_or(0).max(1) as f64;
    let height = ROW * rows.len().max(1) as f64 + 8.0;
    let mut s = String::from(
        "<section class=\"themes\" id=\"themes\">\n<h2>Practice themes</h2>\n\
         <p class=\"muted\">Actions per theme of the recommendations that carry it: grey \
         completed, amber open, red overdue.</p>\n",
    );
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" role=\"img\" \
         aria-label=\"Actions per practice theme\">"
    );
    for (n, r) in rows.iter().enumerate() {
        let y = 4.0 + ROW * n as f64;
        let label: String = r.title.chars().take(40).collect();
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#1b1b1b\">{}</text>",
            LABEL - 6.0,
            y + H - 3.0,
            text(&label)
        );
        let done = r.actions - r.open;
        let mut x = LABEL;
        for (count, colour, what) in [
            (done, "#9e9e9e", "completed"),
            (r.open - r.overdue, "#f0a30a", "open"),
            (r.overdue, "#c62828", "overdue"),
        ] {
            if count == 0 {
                continue;
            }
            let w = BAR * count as f64 / max;
            let _ = writeln!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{H}\" fill=\"{colour}\">\
                 <title>{}: {count} {what}</title></rect>",
                attr(&r.title)
            );
            x += w;
        }
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\">{} in {} rec.</text>",
            x + 5.0,
            y + H - 3.0,
            r.actions,
            r.recommendations.len()
        );
    }
    s.push_str(
        "</svg>\n<table>\n<thead><tr><th>Theme</th><th>Reviews</th>\
                <th>Recommendations</th><th>Open</th><th>Overdue</th><th>First raised</th>\
                <th>Last raised</th></tr></thead>\n<tbody>\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "<tr><td title=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            attr(&r.description),
            text(&r.title),
            r.reviews.len(),
            r.recommendations.len(),
            r.open,
            r.overdue,
            text(&when(&r.first)),
            text(&when(&r.last))
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
    s
}
