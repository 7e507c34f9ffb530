//! The report as one self-contained HTML page: inline CSS and SVG, no script, no external
//! asset, so it reads the same emailed, offline or printed on A4. Every piece of plan text
//! goes through `html_escape` (text nodes and attribute values): the plans are free text,
//! and a `<script>` typed into a description must show as text.

use crate::plan::query::Counts;
use crate::plan::status::State;
use crate::report::{
    long_date, short_date, ActionItem, AgencySummary, Entry, Grade, Report, ReviewReport,
    TimelinePoint,
};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use std::fmt::Write;

const CSS: &str = r#"
@page { size: A4 portrait; margin: 12mm 11mm 14mm; }
:root { --overdue: #c62828; --due-soon: #f0a000; --pending: #2e7d32; --ongoing: #8ab6d6;
        --completed: #5f5f5f; --line: #c8c8c8; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box; }
html { background: #fff; }
body { font: 10pt/1.4 "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
       color: #1b1b1b; margin: 0 auto; padding: 10mm; max-width: 210mm; }
h1 { font-size: 18pt; margin: 0 0 2pt; }
h2 { font-size: 14pt; margin: 0 0 2pt; border-bottom: 2px solid #1b1b1b; padding-bottom: 2pt; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; }
p { margin: 3pt 0; }
.asat { font-size: 12pt; }
.muted { color: #555; }
code, .id { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; }
.review { margin-top: 14pt; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0 6pt; font-size: 8.5pt; }
th, td { border: 1px solid var(--line); padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #efefef; font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.txt { white-space: pre-line; }
td.nw { white-space: nowrap; }
tr.total td { font-weight: 700; background: #f7f7f7; }
td.n.overdue { color: var(--overdue); font-weight: 700; }
td.n.due-soon { color: #9a6200; font-weight: 700; }
td.n.pending { color: var(--pending); font-weight: 700; }
tr.s-overdue td:first-child { border-left: 4px solid var(--overdue); }
tr.s-due-soon td:first-child { border-left: 4px solid var(--due-soon); }
tr.s-pending td:first-child { border-left: 4px solid var(--pending); }
tr.s-ongoing td:first-child { border-left: 4px solid var(--ongoing); }
tr.s-completed td:first-child { border-left: 4px solid var(--completed); }
tr.s-completed td { color: #444; }
.b { display: inline-block; padding: 0 4pt; border-radius: 3pt; font-size: 7.5pt;
     font-weight: 700; white-space: nowrap; color: #fff; }
.b.overdue, .b.not-achieved { background: var(--overdue); }
.b.due-soon, .b.slipped { background: var(--due-soon); color: #1b1b1b; }
.b.pending, .b.on-track { background: var(--pending); }
.b.ongoing { background: var(--ongoing); color: #1b1b1b; }
.b.completed, .b.achieved { background: var(--completed); }
.key { display: flex; flex-wrap: wrap; gap: 4pt 12pt; list-style: none; padding: 0;
       margin: 6pt 0; font-size: 8.5pt; }
.key li { display: flex; align-items: center; gap: 4pt; }
.sw { display: inline-block; width: 10pt; height: 10pt; border-radius: 2pt; }
.sw.overdue { background: var(--overdue); } .sw.due-soon { background: var(--due-soon); }
.sw.pending { background: var(--pending); } .sw.ongoing { background: var(--ongoing); }
.sw.completed { background: var(--completed); }
figure { margin: 6pt 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #555; }
svg { display: block; width: 100%; height: auto; font-family: inherit; }
.none { color: #555; font-style: italic; }
footer { margin-top: 16pt; font-size: 8pt; color: #555; border-top: 1px solid var(--line); padding-top: 4pt; }
@media print {
  body { padding: 0; max-width: none; }
  .review + .review { break-before: page; page-break-before: always; margin-top: 0; }
  h3 { break-after: avoid; page-break-after: avoid; }
}
"#;

/// Colours of the chart segments, in drawing order (left to right).
const SEGMENTS: [(State, &str); 5] = [
    (State::Completed, "#5f5f5f"),
    (State::Ongoing, "#8ab6d6"),
    (State::Pending, "#2e7d32"),
    (State::DueSoon, "#f0a000"),
    (State::Overdue, "#c62828"),
];

fn state_label(s: State) -> &'static str {
    match s {
        State::Overdue => "overdue",
        State::DueSoon => "due soon",
        State::Pending => "pending",
        State::Ongoing => "ongoing",
        State::Completed => "completed",
    }
}

fn state_count(c: &Counts, s: State) -> usize {
    match s {
        State::Overdue => c.overdue,
        State::DueSoon => c.due_soon,
        State::Pending => c.pending,
        State::Ongoing => c.ongoing,
        State::Completed => c.completed,
    }
}

fn badge(class: &str, label: &str) -> String {
    format!(r#"<span class="b {class}">{}</span>"#, text(label))
}

fn state_badge(s: State) -> String {
    badge(s.as_str(), state_label(s))
}

fn grade_badge(g: Grade) -> String {
    badge(g.as_str(), g.label())
}

pub fn report(r: &Report) -> String {
    let mut s = String::with_capacity(256 * 1024);
    let as_at = long_date(r.as_at);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Action plan progress report, as at {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        text(&as_at)
    );
    s.push_str("<header>\n<h1>Action plan progress report</h1>\n");
    let _ = writeln!(
        s,
        "<p class=\"asat\">As at <strong>{}</strong></p>",
        text(&as_at)
    );
    if let Some(line) = scope_line(r) {
        let _ = writeln!(s, "<p>{line}</p>");
    }
    s.push_str("<ul class=\"key\" aria-label=\"Colour key\">\n");
    let _ = writeln!(
        s,
        "<li><span class=\"sw overdue\"></span>Overdue: past its due date</li>"
    );
    let _ = writeln!(
        s,
        "<li><span class=\"sw due-soon\"></span>Due soon: within {} days</li>",
        r.soon_days
    );
    s.push_str("<li><span class=\"sw pending\"></span>Pending: due later</li>\n");
    s.push_str("<li><span class=\"sw ongoing\"></span>Ongoing: no due date</li>\n");
    s.push_str("<li><span class=\"sw completed\"></span>Completed</li>\n</ul>\n");
    s.push_str(
        "<p class=\"muted\">Committee grading: <strong>achieved</strong> (completed), \
         <strong>on track</strong> (open, never slipped, not overdue), <strong>slipped</strong> \
         (its due date was moved), <strong>not achieved</strong> (overdue).</p>\n</header>\n",
    );

    if r.reviews.is_empty() {
        s.push_str("<p class=\"none\">No action matches.</p>\n");
    }
    if r.reviews.len() > 1 {
        s.push_str("<h3>All reviews</h3>\n<table>\n<thead><tr><th>Review</th>");
        count_headers(&mut s);
        s.push_str("</tr></thead>\n<tbody>\n");
        for v in &r.reviews {
            let _ = write!(
                s,
                "<tr><td><a href=\"#review-{}\">{}</a></td>",
                attr(&v.id),
                text(&v.title)
            );
            count_cells(&mut s, &v.counts);
            s.push_str("</tr>\n");
        }
        s.push_str("<tr class=\"total\"><td>Total</td>");
        count_cells(&mut s, &r.counts);
        s.push_str("</tr>\n</tbody>\n</table>\n");
    }
    for v in &r.reviews {
        review_section(&mut s, r, v);
    }
    if !r.themes.is_empty() {
        s.push_str(&crate::render::learn::themes_html(&r.themes));
    }
    let _ = write!(
        s,
        "<footer>Made by sct from the action plans, as at {}. States and grades are derived \
         from the plans' due dates and declared status, not typed.</footer>\n</body>\n</html>\n",
        text(&as_at)
    );
    s
}

fn scope_line(r: &Report) -> Option<String> {
    let review = r
        .scope
        .review
        .as_deref()
        .map(|v| format!("Review <code>{}</code>", text(v)));
    let agency = r
        .scope
        .agency
        .as_deref()
        .map(|a| format!("actions of <strong>{}</strong> only", text(a)));
    match (review, agency) {
        (None, None) => None,
        (Some(v), None) => Some(format!("{v}.")),
        (None, Some(a)) => Some(format!("{}{}.", a[..1].to_uppercase(), &a[1..])),
        (Some(v), Some(a)) => Some(format!("{v}, {a}.")),
    }
}

fn count_headers(s: &mut String) {
    for h in [
        "Actions",
        "Completed",
        "Overdue",
        "Due soon",
        "Pending",
        "Ongoing",
        "% complete",
    ] {
        let _ = write!(s, "<th class=\"n\">{h}</th>");
    }
}

fn count_cells(s: &mut String, c: &Counts) {
    let _ = write!(s, "<td class=\"n\">{}</td>", c.total);
    for st in [
        State::Completed,
        State::Overdue,
        State::DueSoon,
        State::Pending,
        State::Ongoing,
    ] {
        let n = state_count(c, st);
        let class = if n > 0 && st != State::Completed && st != State::Ongoing {
            format!("n {}", st.as_str())
        } else {
            "n".to_string()
        };
        let _ = write!(s, "<td class=\"{class}\">{n}</td>");
    }
    let pct = c
        .percent_complete()
        .map_or("–".to_string(), |p| format!("{p}%"));
    let _ = write!(s, "<td class=\"n\">{pct}</td>");
}

fn review_section(s: &mut String, r: &Report, v: &ReviewReport) {
    let _ = writeln!(
        s,
        "<section class=\"review\" id=\"review-{}\">\n<h2>{}</h2>",
        attr(&v.id),
        text(&v.title)
    );
    let mut about = format!("<code>{}</code>", text(&v.id));
    if let Some(k) = v.kind {
        let _ = write!(about, " · {}", k.name());
    }
    if !v.board.is_empty() {
        let _ = write!(about, " · {}", text(&v.board));
    }
    if let Some(c) = &v.case {
        let _ = write!(about, " · {}", text(c));
    }
    let _ = writeln!(s, "<p class=\"muted\">{about}</p>");

    s.push_str("<figure>\n");
    s.push_str(&agency_chart(&v.id, &v.agencies));
    let _ = writeln!(
        s,
        "<figcaption>Actions per agency by state, as at {}.</figcaption>\n</figure>",
        text(&long_date(r.as_at))
    );

    s.push_str("<h3>Progress by agency</h3>\n<table>\n<thead><tr><th>Agency</th>");
    count_headers(s);
    s.push_str("</tr></thead>\n<tbody>\n");
    for a in &v.agencies {
        let _ = write!(s, "<tr><td{}>{}</td>", agency_title(a), text(&a.code));
        count_cells(s, &a.counts);
        s.push_str("</tr>\n");
    }
    s.push_str("<tr class=\"total\"><td>Total</td>");
    count_cells(s, &v.counts);
    s.push_str("</tr>\n</tbody>\n</table>\n");

    s.push_str("<h3>Committee grading</h3>\n<table>\n<thead><tr><th>Agency</th>");
    for g in Grade::ALL {
        let _ = write!(s, "<th class=\"n\">{}</th>", grade_badge(g));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for a in &v.agencies {
        let _ = write!(s, "<tr><td{}>{}</td>", agency_title(a), text(&a.code));
        for g in Grade::ALL {
            let _ = write!(s, "<td class=\"n\">{}</td>", a.grades.get(g));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("<tr class=\"total\"><td>Total</td>");
    for g in Grade::ALL {
        let _ = write!(s, "<td class=\"n\">{}</td>", v.grades.get(g));
    }
    s.push_str("</tr>\n</tbody>\n</table>\n");

    let _ = writeln!(s, "<h3>Overdue ({})</h3>", v.overdue.len());
    if v.overdue.is_empty() {
        s.push_str("<p class=\"none\">Nothing is overdue.</p>\n");
    } else {
        s.push_str(
            "<table>\n<thead><tr><th>Action</th><th>Agency</th><th>Lead</th><th>Due</th>\
             <th class=\"n\">Days over</th><th>Action required</th>\
             <th>Latest evidence or note</th></tr></thead>\n<tbody>\n",
        );
        for i in &v.overdue {
            row_start(s, v, i);
            let _ = writeln!(
                s,
                "<td>{}</td><td>{}</td><td class=\"nw\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"txt\">{}</td><td class=\"txt\">{}</td></tr>",
                text(&i.agency),
                opt(i.lead.as_deref()),
                text(&i.due_label()),
                i.days_overdue.unwrap_or(0),
                text(&i.description),
                latest(i.latest.as_ref())
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }

    let _ = writeln!(
        s,
        "<h3>Due by {} ({})</h3>",
        text(&long_date(r.next_quarter.to)),
        v.due_next_quarter.len()
    );
    if v.due_next_quarter.is_empty() {
        s.push_str("<p class=\"none\">Nothing falls due in the next quarter.</p>\n");
    } else {
        plan_table(s, v, &v.due_next_quarter);
    }

    let _ = writeln!(
        s,
        "<h3>Completed, awaiting sign-off ({})</h3>",
        v.awaiting_sign_off.len()
    );
    if v.awaiting_sign_off.is_empty() {
        s.push_str("<p class=\"none\">Nothing awaits the board's sign-off.</p>\n");
    } else {
        s.push_str(
            "<table>\n<thead><tr><th>Action</th><th>Agency</th><th>Completed</th>\
             <th>Action required</th><th>Latest evidence or note</th></tr></thead>\n<tbody>\n",
        );
        for i in &v.awaiting_sign_off {
            row_start(s, v, i);
            let _ = writeln!(
                s,
                "<td>{}</td><td class=\"nw\">{}</td><td class=\"txt\">{}</td>\
                 <td class=\"txt\">{}</td></tr>",
                text(&i.agency),
                i.completed.map_or("–".to_string(), short_date),
                text(&i.description),
                latest(i.latest.as_ref())
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }

    if let Some(since) = &v.since {
        let label = r.since.as_deref().unwrap_or("the last report");
        let _ = writeln!(s, "<h3>Since {}</h3>", text(label));
        let lists = [
            ("Completed", &since.completed),
            ("Became overdue", &since.became_overdue),
        ];
        for (title, items) in lists {
            let _ = writeln!(s, "<p><strong>{title} ({})</strong></p>", items.len());
            if !items.is_empty() {
                plan_table(s, v, items);
            }
        }
        let _ = writeln!(
            s,
            "<p><strong>Due dates moved ({})</strong></p>",
            since.slipped.len()
        );
        if !since.slipped.is_empty() {
            s.push_str(
                "<table>\n<thead><tr><th>Action</th><th>Agency</th><th>Was due</th>\
                 <th>Now due</th><th class=\"n\">Moves in all</th><th>Action required</th>\
                 </tr></thead>\n<tbody>\n",
            );
            for sl in &since.slipped {
                let i = &sl.action;
                row_start(s, v, i);
                let _ = writeln!(
                    s,
                    "<td>{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td>\
                     <td class=\"n\">{}</td><td class=\"txt\">{}</td></tr>",
                    text(&i.agency),
                    sl.was.map_or("–".to_string(), short_date),
                    text(&i.due_label()),
                    i.slips,
                    text(&i.description)
                );
            }
            s.push_str("</tbody>\n</table>\n");
        }
    }

    if v.timeline.len() >= 2 {
        s.push_str("<h3>Over time</h3>\n<figure>\n");
        s.push_str(&timeline_chart(&v.timeline));
        s.push_str(
            "<figcaption>Open actions (grey) and overdue actions (red) at each point in the \
             plans' history.</figcaption>\n</figure>\n",
        );
    }

    let _ = writeln!(
        s,
        "<h3>The action plan ({} action{})</h3>",
        v.actions.len(),
        if v.actions.len() == 1 { "" } else { "s" }
    );
    plan_table(s, v, &v.actions);
    s.push_str("</section>\n");
}

/// The action plan's own columns: one row per action, coloured by state.
fn plan_table(s: &mut String, v: &ReviewReport, items: &[ActionItem]) {
    s.push_str(
        "<table>\n<thead><tr><th>Action</th><th>Agency</th><th>Lead</th><th>Due</th>\
         <th>State</th><th>Grade</th><th>Action required</th></tr></thead>\n<tbody>\n",
    );
    for i in items {
        row_start(s, v, i);
        let _ = writeln!(
            s,
            "<td>{}</td><td>{}</td><td class=\"nw\">{}</td><td>{}</td><td>{}</td>\
             <td class=\"txt\">{}</td></tr>",
            text(&i.agency),
            opt(i.lead.as_deref()),
            text(&i.due_label()),
            state_badge(i.state),
            grade_badge(i.grade),
            text(&i.description)
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

/// Opens an action's row, coloured by its state, with its ID short within the review
/// (the full ID in the tooltip, for `sct show`).
fn row_start(s: &mut String, v: &ReviewReport, i: &ActionItem) {
    let prefix = format!("{}/", v.id);
    let short = i.id.strip_prefix(&prefix).unwrap_or(&i.id);
    let _ = write!(
        s,
        "<tr class=\"s-{}\"><td class=\"id nw\" title=\"{}\">{}</td>",
        i.state.as_str(),
        attr(&i.id),
        text(short)
    );
}

fn agency_title(a: &AgencySummary) -> String {
    a.name
        .as_deref()
        .map_or(String::new(), |n| format!(" title=\"{}\"", attr(n)))
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "–".to_string(), |s| text(s).into_owned())
}

fn latest(e: Option<&Entry>) -> String {
    let Some(e) = e else {
        return "–".to_string();
    };
    let mut s = String::new();
    if let Some(d) = e.date {
        let _ = write!(s, "<strong>{}</strong>: ", text(&short_date(d)));
    }
    s.push_str(&text(e.text.trim()));
    if let Some(by) = &e.by {
        let _ = write!(s, " <span class=\"muted\">({})</span>", text(by));
    }
    s
}

/// A stacked bar per agency, on one scale for the review: how many actions it has, and in
/// which state.
fn agency_chart(review: &str, agencies: &[AgencySummary]) -> String {
    const W: f64 = 720.0;
    const LABEL: f64 = 96.0;
    const BAR: f64 = 560.0;
    const ROW: f64 = 22.0;
    const H: f64 = 14.0;
    let max = agencies
        .iter()
        .map(|a| a.counts.total)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = ROW * agencies.len().max(1) as f64 + 8.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" role=\"img\" \
         aria-label=\"{}\">",
        attr(&format!("Actions per agency by state, review {review}"))
    );
    for (n, a) in agencies.iter().enumerate() {
        let y = 4.0 + ROW * n as f64;
        let code: String = a.code.chars().take(14).collect();
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#1b1b1b\">{}</text>",
            LABEL - 6.0,
            y + H - 3.0,
            text(&code)
        );
        let mut x = LABEL;
        for (st, colour) in SEGMENTS {
            let count = state_count(&a.counts, st);
            if count == 0 {
                continue;
            }
            let w = BAR * count as f64 / max;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{H}\" fill=\"{colour}\">\
                 <title>{}: {count} {}</title></rect>",
                text(&a.code),
                state_label(st)
            );
            if w >= 16.0 {
                let ink = if matches!(st, State::DueSoon | State::Ongoing) {
                    "#1b1b1b"
                } else {
                    "#fff"
                };
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"{ink}\">{count}</text>",
                    x + w / 2.0,
                    y + H - 3.5
                );
            }
            s.push('\n');
            x += w;
        }
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\">{}</text>",
            x + 5.0,
            y + H - 3.0,
            a.counts.total
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Open and overdue actions over time: two lines on a shared scale.
fn timeline_chart(points: &[TimelinePoint]) -> String {
    const W: f64 = 720.0;
    const H: f64 = 180.0;
    const L: f64 = 40.0;
    const R: f64 = 10.0;
    const T: f64 = 10.0;
    const B: f64 = 24.0;
    let first = points[0].date;
    let span = (points[points.len() - 1].date - first).num_days().max(1) as f64;
    let max = points
        .iter()
        .map(|p| p.open.max(p.overdue))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let x = |p: &TimelinePoint| L + (W - L - R) * (p.date - first).num_days() as f64 / span;
    let y = |n: usize| T + (H - T - B) * (1.0 - n as f64 / max);
    let line = |f: &dyn Fn(&TimelinePoint) -> usize| -> String {
        points
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p), y(f(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" \
         aria-label=\"Open and overdue actions over time\">"
    );
    let _ = writeln!(
        s,
        "<line x1=\"{L}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999\"/>\
         <line x1=\"{L}\" y1=\"{T}\" x2=\"{L}\" y2=\"{:.1}\" stroke=\"#999\"/>",
        H - B,
        W - R,
        H - B,
        H - B
    );
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">0</text>",
        L - 4.0,
        T + 4.0,
        max as usize,
        L - 4.0,
        H - B
    );
    let last = &points[points.len() - 1];
    let _ = writeln!(
        s,
        "<text x=\"{L}\" y=\"{:.1}\" font-size=\"10\">{}</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
        H - 8.0,
        text(&long_date(first)),
        W - R,
        H - 8.0,
        text(&long_date(last.date))
    );
    let _ = writeln!(
        s,
        "<polyline fill=\"none\" stroke=\"#5f5f5f\" stroke-width=\"2\" points=\"{}\"/>",
        line(&|p| p.open)
    );
    let _ = writeln!(
        s,
        "<polyline fill=\"none\" stroke=\"#c62828\" stroke-width=\"2\" points=\"{}\"/>",
        line(&|p| p.overdue)
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_the_history_parts_render() {
        let h = report(&crate::report::sample_with_history());
        assert!(!h.contains("<script>"), "{h}");
        assert!(!h.contains("<b>"), "{h}");
        assert!(h.contains("A &amp; B &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(h.contains("&lt;b&gt;X&lt;/b&gt;"));
        assert!(h.contains("<h3>Since 2012-03-31 &lt;i&gt;</h3>"));
        assert!(h.contains("Due dates moved (1)"));
        assert!(h.contains(
            "<td class=\"nw\">Mar 2012</td><td class=\"nw\">30 Sep 2012</td><td class=\"n\">2</td>"
        ));
        assert!(h.contains("<span class=\"b slipped\">Slipped</span>"));
        assert!(h.contains("<polyline"), "the timeline is drawn");
        assert!(
            h.contains("Theme &lt;script&gt;alert(2)&lt;/script&gt;"),
            "{h}"
        );
        assert!(h.contains("aria-label=\"Actions per practice theme\""));
    }
}
