//! Markdown with tables that render on GitHub and GitLab (GFM). Plan text is free text, so
//! every cell is escaped: `|` would end the cell, a newline the row, and `<` could open
//! raw HTML (a `<script>` must show as text).

use crate::plan::query::Counts;
use crate::plan::query::StatusRow;
use crate::report::{long_date, short_date, ActionItem, Entry, Grade, Report, ReviewReport};
use std::fmt::Write;

/// Escapes text for a table cell: the guard's Markdown sanitiser (no link, image, HTML,
/// code or new cell can open; line breaks as `<br>`; control characters visible).
pub fn cell(s: &str) -> String {
    crate::guard::sanitise::markdown(s)
}

/// Escapes text for one line of prose (a heading, a paragraph): as a cell, but line
/// breaks fold into spaces.
pub fn inline(s: &str) -> String {
    cell(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A GFM table. `right` marks the numeric columns. Short columns are padded so that the
/// raw text lines up too; long ones are not, to keep lines short.
pub fn table(header: &[&str], right: &[bool], rows: &[Vec<String>]) -> String {
    const PAD_UP_TO: usize = 30;
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            let w = rows
                .iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count(), 3])
                .max()
                .unwrap_or(3);
            if w <= PAD_UP_TO {
                w
            } else {
                0
            }
        })
        .collect();
    let line = |cells: &mut dyn Iterator<Item = String>| -> String {
        let mut s = String::from("|");
        for (i, c) in cells.enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            if right.get(i).copied().unwrap_or(false) {
                let _ = write!(s, " {}{c} |", " ".repeat(pad));
            } else {
                let _ = write!(s, " {c}{} |", " ".repeat(pad));
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(&mut header.iter().map(|h| cell(h)));
    out.push_str(&line(&mut (0..header.len()).map(|i| {
        let w = widths[i].max(3);
        if right.get(i).copied().unwrap_or(false) {
            format!("{}:", "-".repeat(w - 1))
        } else {
            "-".repeat(w)
        }
    })));
    for r in rows {
        out.push_str(&line(&mut r.iter().cloned()));
    }
    out
}

fn or_dash(s: Option<&str>) -> String {
    s.map_or_else(|| "–".to_string(), cell)
}

fn latest(e: Option<&Entry>) -> String {
    let Some(e) = e else {
        return "–".to_string();
    };
    let mut s = String::new();
    if let Some(d) = e.date {
        s.push_str(&short_date(d));
        s.push_str(": ");
    }
    s.push_str(&e.text);
    if let Some(by) = &e.by {
        let _ = write!(s, " ({by})");
    }
    cell(&s)
}

/// The counts columns of a summary row.
fn count_cells(c: &Counts) -> Vec<String> {
    let pct = c
        .percent_complete()
        .map_or("–".to_string(), |p| format!("{p}%"));
    [
        c.total,
        c.completed,
        c.overdue,
        c.due_soon,
        c.pending,
        c.ongoing,
    ]
    .iter()
    .map(usize::to_string)
    .chain([pct])
    .collect()
}

const COUNT_HEADER: [&str; 7] = [
    "Actions",
    "Completed",
    "Overdue",
    "Due soon",
    "Pending",
    "Ongoing",
    "% complete",
];

/// The whole report.
pub fn report(r: &Report) -> String {
    let mut s = String::from("# Action plan progress report\n\n");
    let _ = writeln!(s, "As at {}.", long_date(r.as_at));
    s.push('\n');
    if let Some(scope) = scope_line(r) {
        let _ = writeln!(s, "{scope}\n");
    }
    let _ = writeln!(
        s,
        "States: **overdue** (past its due date), **due soon** (due within {} days), \
         **pending**, **ongoing** (no due date), **completed**. Grades: **achieved** \
         (completed), **on track** (open, never slipped, not overdue), **slipped** (its due \
         date was moved), **not achieved** (overdue).",
        r.soon_days
    );
    if r.reviews.is_empty() {
        s.push_str("\nNo action matches.\n");
    }
    for review in &r.reviews {
        s.push('\n');
        review_section(&mut s, r, review);
    }
    if !r.themes.is_empty() {
        s.push_str(
            "\n## Practice themes\n\nThe themes the recommendations carry (plans/themes.toml).\n\n",
        );
        s.push_str(&crate::render::learn::themes_markdown(&r.themes));
    }
    s
}

pub(crate) fn scope_line(r: &Report) -> Option<String> {
    match (&r.scope.review, &r.scope.agency) {
        (None, None) => None,
        (Some(v), None) => Some(format!("Review {}.", inline(v))),
        (None, Some(a)) => Some(format!("Actions of {} only.", inline(a))),
        (Some(v), Some(a)) => Some(format!(
            "Review {}, actions of {} only.",
            inline(v),
            inline(a)
        )),
    }
}

fn review_section(s: &mut String, r: &Report, v: &ReviewReport) {
    let _ = writeln!(s, "## {} (`{}`)\n", inline(&v.title), v.id);
    let mut about = v.kind.map_or(String::new(), |k| format!("{}, ", k.name()));
    about.push_str(&inline(&v.board));
    if let Some(c) = &v.case {
        let _ = write!(about, ", {}", inline(c));
    }
    if !about.is_empty() {
        let _ = writeln!(s, "{about}.\n");
    }

    s.push_str("### Progress by agency\n\n");
    let mut header = vec!["Agency"];
    header.extend(COUNT_HEADER);
    let mut rows: Vec<Vec<String>> = v
        .agencies
        .iter()
        .map(|a| {
            let mut row = vec![cell(&a.code)];
            row.extend(count_cells(&a.counts));
            row
        })
        .collect();
    let mut total = vec!["**Total**".to_string()];
    total.extend(
        count_cells(&v.counts)
            .into_iter()
            .map(|c| format!("**{c}**")),
    );
    rows.push(total);
    s.push_str(&table(
        &header,
        &[false, true, true, true, true, true, true, true],
        &rows,
    ));

    s.push_str("\n### Committee grading\n\n");
    let mut rows: Vec<Vec<String>> = v
        .agencies
        .iter()
        .map(|a| {
            let mut row = vec![cell(&a.code)];
            row.extend(Grade::ALL.iter().map(|g| a.grades.get(*g).to_string()));
            row
        })
        .collect();
    let mut total = vec!["**Total**".to_string()];
    total.extend(
        Grade::ALL
            .iter()
            .map(|g| format!("**{}**", v.grades.get(*g))),
    );
    rows.push(total);
    let mut header = vec!["Agency"];
    header.extend(Grade::ALL.iter().map(|g| g.label()));
    s.push_str(&table(&header, &[false, true, true, true, true], &rows));

    let _ = writeln!(s, "\n### Overdue ({})\n", v.overdue.len());
    if v.overdue.is_empty() {
        s.push_str("Nothing is overdue.\n");
    } else {
        let rows: Vec<Vec<String>> = v
            .overdue
            .iter()
            .map(|i| {
                vec![
                    format!("`{}`", i.id),
                    cell(&i.agency),
                    or_dash(i.lead.as_deref()),
                    cell(&i.due_label()),
                    i.days_overdue.unwrap_or(0).to_string(),
                    cell(&i.description),
                    latest(i.latest.as_ref()),
                ]
            })
            .collect();
        s.push_str(&table(
            &[
                "Action",
                "Agency",
                "Lead",
                "Due",
                "Days overdue",
                "Action required",
                "Latest evidence or note",
            ],
            &[false, false, false, false, true],
            &rows,
        ));
    }

    let _ = writeln!(
        s,
        "\n### Due by {} ({})\n",
        long_date(r.next_quarter.to),
        v.due_next_quarter.len()
    );
    if v.due_next_quarter.is_empty() {
        s.push_str("Nothing falls due in the next quarter.\n");
    } else {
        s.push_str(&graded(&v.due_next_quarter));
    }

    let _ = writeln!(
        s,
        "\n### Completed, awaiting sign-off ({})\n",
        v.awaiting_sign_off.len()
    );
    if v.awaiting_sign_off.is_empty() {
        s.push_str("Nothing awaits the board's sign-off.\n");
    } else {
        let rows: Vec<Vec<String>> = v
            .awaiting_sign_off
            .iter()
            .map(|i| {
                vec![
                    format!("`{}`", i.id),
                    cell(&i.agency),
                    i.completed.map_or("–".to_string(), short_date),
                    cell(&i.description),
                    latest(i.latest.as_ref()),
                ]
            })
            .collect();
        s.push_str(&table(
            &[
                "Action",
                "Agency",
                "Completed",
                "Action required",
                "Latest evidence or note",
            ],
            &[],
            &rows,
        ));
    }

    if let Some(since) = &v.since {
        let label = r.since.as_deref().unwrap_or("the last report");
        let _ = writeln!(s, "\n### Since {}\n", inline(label));
        let list = |s: &mut String, title: &str, items: &[ActionItem]| {
            let _ = write!(s, "**{title} ({}):**", items.len());
            if items.is_empty() {
                s.push_str(" none.\n\n");
                return;
            }
            s.push_str("\n\n");
            for i in items {
                let _ = writeln!(
                    s,
                    "- `{}` {}: {}",
                    i.id,
                    inline(&i.agency),
                    inline(&i.description)
                );
            }
            s.push('\n');
        };
        list(s, "Completed", &since.completed);
        list(s, "Became overdue", &since.became_overdue);
        let _ = write!(s, "**Due dates moved ({}):**", since.slipped.len());
        if since.slipped.is_empty() {
            s.push_str(" none.\n");
        } else {
            s.push_str("\n\n");
            for sl in &since.slipped {
                let i = &sl.action;
                let _ = writeln!(
                    s,
                    "- `{}` {}: {} → {} (moved {} time{} in all): {}",
                    i.id,
                    inline(&i.agency),
                    sl.was.map_or("none".to_string(), short_date),
                    i.due.map_or("none".to_string(), short_date),
                    i.slips,
                    if i.slips == 1 { "" } else { "s" },
                    inline(&i.description)
                );
            }
        }
    }

    if !v.timeline.is_empty() {
        s.push_str("\n### Over time\n\n");
        let rows: Vec<Vec<String>> = v
            .timeline
            .iter()
            .map(|p| {
                vec![
                    p.date.to_string(),
                    p.open.to_string(),
                    p.overdue.to_string(),
                ]
            })
            .collect();
        s.push_str(&table(
            &["Date", "Open", "Overdue"],
            &[false, true, true],
            &rows,
        ));
    }

    let _ = writeln!(
        s,
        "\n### The action plan ({} action{})\n",
        v.actions.len(),
        if v.actions.len() == 1 { "" } else { "s" }
    );
    s.push_str(&graded(&v.actions));
}

/// `list` and `overdue`: one row per action.
pub fn actions(items: &[ActionItem], overdue: bool) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let mut row = vec![
                format!("`{}`", i.id),
                cell(&i.agency),
                or_dash(i.lead.as_deref()),
                cell(&i.due_label()),
            ];
            if overdue {
                row.push(i.days_overdue.unwrap_or(0).to_string());
            } else {
                row.push(i.state.to_string());
                row.push(i.status.map_or("–", |d| d.as_str()).to_string());
            }
            row.push(cell(&i.description));
            row
        })
        .collect();
    if overdue {
        table(
            &[
                "Action",
                "Agency",
                "Lead",
                "Due",
                "Days overdue",
                "Action required",
            ],
            &[false, false, false, false, true],
            &rows,
        )
    } else {
        table(
            &[
                "Action",
                "Agency",
                "Lead",
                "Due",
                "State",
                "Declared",
                "Action required",
            ],
            &[],
            &rows,
        )
    }
}

/// Actions with their state and committee grade.
fn graded(items: &[ActionItem]) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                format!("`{}`", i.id),
                cell(&i.agency),
                or_dash(i.lead.as_deref()),
                cell(&i.due_label()),
                i.state.to_string(),
                i.grade.label().to_string(),
                cell(&i.description),
            ]
        })
        .collect();
    let header = [
        "Action",
        "Agency",
        "Lead",
        "Due",
        "State",
        "Grade",
        "Action required",
    ];
    table(&header, &[], &rows)
}

/// `status`: one row per review (or agency), with a total row when there are several.
pub fn status(rows: &[StatusRow], by_agency: bool) -> String {
    let mut header = vec!["Review"];
    if by_agency {
        header.push("Agency");
    }
    header.extend(COUNT_HEADER);
    let mut right = vec![false; header.len() - 7];
    right.extend([true; 7]);
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut total = Counts::default();
    for r in rows {
        let mut row = vec![cell(&r.review_shown())];
        if by_agency {
            row.push(r.agency.as_deref().map_or(String::new(), cell));
        }
        row.extend(count_cells(&r.counts));
        total.merge(&r.counts);
        out.push(row);
    }
    if rows.len() > 1 {
        let mut row = vec!["**Total**".to_string()];
        if by_agency {
            row.push(String::new());
        }
        row.extend(count_cells(&total).into_iter().map(|c| format!("**{c}**")));
        out.push(row);
    }
    table(&header, &right, &out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_open_html() {
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(cell("one\ntwo\r\nthree"), "one<br>two<br>three");
        assert_eq!(
            cell("<script>alert(1)</script>"),
            "&lt;script>alert(1)&lt;/script>"
        );
        assert_eq!(cell("C:\\plans|x"), "C:\\\\plans\\|x");
        assert_eq!(inline("a\n  b"), "a b");
    }

    #[test]
    fn the_history_parts_render() {
        let md = report(&crate::report::sample_with_history());
        assert!(md.contains("### Since 2012-03-31 &lt;i>\n"), "{md}");
        assert!(md.contains(
            "- `r/1.1` LSCB: Mar 2012 → 30 Sep 2012 (moved 2 times in all): Audit &lt;b>files&lt;/b> \\| twice"
        ), "{md}");
        assert!(md.contains("**Completed (0):** none."), "{md}");
        assert!(md.contains("| 2012-06-30 |    6 |       3 |"), "{md}");
        assert!(md.contains("| Slipped "), "{md}");
    }

    #[test]
    fn tables_pad_short_columns_and_align_numbers() {
        let t = table(
            &["ID", "N"],
            &[false, true],
            &[vec!["a".into(), "12".into()]],
        );
        assert_eq!(t, "| ID  |   N |\n| --- | --: |\n| a   |  12 |\n");
    }
}
