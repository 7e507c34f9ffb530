//! The demo's history: a story told backwards from the plans as they are. Each file
//! starts without the evidence, statuses and sign-offs that carry no date before the plan
//! was taken in, and some due dates start earlier; then agency leads record progress month
//! by month, the business manager records the new dates agreed, and the chair of the
//! QA&A sub-group signs recommendations off at its meetings. Every version is the final
//! file with parts taken away (`write::rewind`), so the last commit holds the bundled
//! files byte for byte. Nothing depends on the clock or the user's git set-up: the same
//! binary makes the same commits, with the same hashes.

use super::{BUNDLED, BUNDLED_BINARY};
use crate::git::repo::{Identity, NewCommit};
use crate::plan::date::PlanDate;
use crate::plan::load::rec_id;
use crate::plan::model::{Declared, RecFile};
use crate::write::rewind::{earlier, ActionEarlier, Earlier};
use anyhow::{Context, Result};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// The people of the story: (name, e-mail, role).
const PEOPLE: &[(&str, &str, &str)] = &[
    (
        "Ruth Bennett",
        "ruth.bennett@lscb.example",
        "LSCB business manager",
    ),
    (
        "Margaret Dunn",
        "margaret.dunn@lscb.example",
        "chair, QA&A sub-group",
    ),
    (
        "Helen Marsh",
        "helen.marsh@bhft.example",
        "named nurse, BHFT",
    ),
    (
        "Priya Shah",
        "priya.shah@pct.example",
        "designated nurse, PCT",
    ),
    (
        "Tom Reid",
        "tom.reid@csc.example",
        "safeguarding lead, Children's Social Care",
    ),
    (
        "Sam Clarke",
        "sam.clarke@wmp.example",
        "detective inspector, West Midlands Police",
    ),
];
const MANAGER: usize = 0;
const CHAIR: usize = 1;

/// Who records an agency's progress: its safeguarding lead, or the business manager.
fn recorder(agency: &str) -> usize {
    match agency {
        "BHFT" => 2,
        "PCT" | "PC" | "SBPCT" | "HOBTPCT" | "HOBTPCT-GP" | "HOBTPCT-HV" => 3,
        "RBWM-CSC" | "CSC" => 4,
        "WMP" => 5,
        _ => MANAGER,
    }
}

/// The QA&A sub-group's meetings, where new dates are agreed and actions signed off.
const MEETINGS: &[(i32, u32, u32)] = &[
    (2011, 3, 15),
    (2011, 5, 17),
    (2011, 7, 19),
    (2011, 9, 20),
    (2011, 11, 15),
    (2012, 1, 17),
    (2012, 3, 20),
    (2012, 5, 15),
    (2012, 6, 26),
];

/// When each review's plan was taken in, and the day the story ends.
fn import_day(review: &str) -> NaiveDate {
    if review == "bham-case14" {
        day(2011, 1, 10)
    } else {
        day(2011, 1, 17)
    }
}
fn end() -> NaiveDate {
    day(2012, 6, 29)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
}

fn meetings() -> impl Iterator<Item = NaiveDate> {
    MEETINGS.iter().map(|&(y, m, d)| day(y, m, d))
}

/// The first meeting after `d` (the last one if none is).
fn meeting_after(d: NaiveDate) -> NaiveDate {
    meetings()
        .find(|&m| m > d)
        .unwrap_or_else(|| meetings().last().expect("meetings"))
}

/// A number from a name, the same on every machine (FNV-1a).
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    d + chrono::Duration::days(days)
}

/// A day within what a plan date covers, chosen by `seed`.
fn within(d: PlanDate, seed: u64) -> NaiveDate {
    match d {
        PlanDate::Day(day) => plus(day, (seed % 5) as i64),
        PlanDate::Month { .. } => plus(d.first_day(), (seed % 25) as i64),
    }
}

/// One part of a file recorded in the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Evidence(usize, usize),
    Note(usize, usize),
    Status(usize),
    /// The due date moves to the given one (None: the date as it is now).
    Due(usize, Option<PlanDate>),
    Finalised(usize),
    RecFinalised,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Update,
    NewDates,
    SignOff,
}

#[derive(Debug, Clone)]
struct Reveal {
    day: NaiveDate,
    review: String,
    file: usize,
    part: Part,
    person: usize,
    kind: Kind,
}

struct PlanFile {
    path: String,
    text: &'static str,
    review: String,
    rec: RecFile,
    id: String,
    hidden: Earlier,
}

impl PlanFile {
    fn action_id(&self, i: usize) -> String {
        format!("{}.{}", self.id, i + 1)
    }
    fn agency(&self, i: usize) -> &str {
        self.rec.actions[i]
            .agency
            .as_deref()
            .unwrap_or(&self.rec.agency)
    }
    fn hide(&mut self, i: usize) -> &mut ActionEarlier {
        self.hidden.actions.entry(i).or_default()
    }
}

/// A tag: its name and the index of its commit.
pub type Tag = (String, usize);

/// The commits of the story, oldest first, and the quarter tags.
pub fn story() -> Result<(Vec<NewCommit>, Vec<Tag>)> {
    let mut files = plan_files()?;
    let mut reveals = Vec::new();
    for f in 0..files.len() {
        schedule(&mut files, f, &mut reveals);
    }
    // Updates are committed once a month per person and review, new dates at meetings: a
    // part counts as recorded on its commit's day.
    settle(&mut reveals);
    // Sign-offs come at the first meeting after everything they sign off is recorded.
    sign_offs(&files, &mut reveals);

    let mut groups: BTreeMap<(NaiveDate, Kind, usize, String), Vec<Reveal>> = BTreeMap::new();
    for r in reveals {
        let key = (r.day, r.kind, r.person, r.review.clone());
        groups.entry(key).or_default().push(r);
    }
    let mut imports: Vec<(NaiveDate, String)> = files
        .iter()
        .map(|f| (import_day(&f.review), f.review.clone()))
        .collect();
    imports.sort();
    imports.dedup();
    let mut imports = imports.into_iter().peekable();

    let mut out = Commits::default();
    for ((d, kind, who, review), parts) in groups {
        while let Some((day, r)) = imports.next_if(|(day, _)| *day <= d) {
            out.import(&files, day, &r)?;
        }
        let mut touched = BTreeSet::new();
        let mut lines = Vec::new();
        let mut agencies = BTreeSet::new();
        for r in &parts {
            apply(&mut files[r.file], r.part);
            touched.insert(r.file);
            lines.push(describe(&files[r.file], r.part));
            agencies.insert(files[r.file].part_agency(r.part).to_string());
        }
        lines.sort();
        lines.dedup();
        let mut changed = Vec::new();
        for f in touched {
            changed.push((
                files[f].path.clone(),
                earlier(files[f].text, &files[f].hidden)?,
            ));
        }
        let subject = match kind {
            Kind::Update => format!(
                "{review}: {} progress, {}",
                agencies.into_iter().collect::<Vec<_>>().join(", "),
                d.format("%B %Y")
            ),
            Kind::NewDates => format!(
                "{review}: new dates agreed at the QA&A sub-group, {}",
                d.format("%-d %B %Y")
            ),
            Kind::SignOff => format!(
                "{review}: signed off at the QA&A sub-group, {}",
                d.format("%-d %B %Y")
            ),
        };
        out.push(
            who,
            d,
            format!("{subject}\n\n{}\n", lines.join("\n")),
            changed,
        );
    }
    for (day, r) in imports {
        out.import(&files, day, &r)?;
    }
    // Whatever the story left out: the plans as they are now.
    let rest: Vec<(String, String)> = files
        .iter()
        .filter(|f| !f.hidden.is_empty())
        .map(|f| (f.path.clone(), f.text.to_string()))
        .collect();
    if !rest.is_empty() {
        let msg = "The monitoring version of June 2012\n".to_string();
        out.push(MANAGER, end(), msg, rest);
    }
    let tags = quarter_tags(&out.commits);
    Ok((out.commits, tags))
}

/// The commits so far, and how many each day has had (commits on one day are 47 minutes
/// apart from half past nine).
#[derive(Default)]
struct Commits {
    commits: Vec<NewCommit>,
    per_day: BTreeMap<NaiveDate, i64>,
}

impl Commits {
    fn push(&mut self, who: usize, d: NaiveDate, message: String, files: Vec<(String, String)>) {
        let files = files
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes()))
            .collect();
        self.push_bytes(who, d, message, files);
    }

    fn push_bytes(
        &mut self,
        who: usize,
        d: NaiveDate,
        message: String,
        files: Vec<(String, Vec<u8>)>,
    ) {
        let n = self.per_day.entry(d).or_insert(0);
        let time = d
            .and_hms_opt(9, 30, 0)
            .expect("a time")
            .and_utc()
            .timestamp()
            + *n * 47 * 60;
        *n += 1;
        self.commits.push(NewCommit {
            author: person(who),
            committer: person(who),
            time,
            message,
            files,
        });
    }

    /// A review's plan as taken in (with the schemas and the spreadsheet to import, in the
    /// first commit).
    fn import(&mut self, files: &[PlanFile], d: NaiveDate, review: &str) -> Result<()> {
        let mut out = Vec::new();
        if self.commits.is_empty() {
            // The schemas, the vocabulary of themes (files of the plans as a whole) and
            // the spreadsheet to import.
            let whole = |p: &str| {
                p.starts_with("schema/") || p == "plans/themes.toml" || p.starts_with("docs/")
            };
            for (path, text) in BUNDLED.iter().filter(|(p, _)| whole(p)) {
                out.push((path.to_string(), text.as_bytes().to_vec()));
            }
            for (path, bytes) in BUNDLED_BINARY {
                out.push((path.to_string(), bytes.to_vec()));
            }
        }
        let prefix = format!("plans/{review}/");
        for (path, text) in BUNDLED.iter().filter(|(p, _)| p.starts_with(&prefix)) {
            let text = match files.iter().find(|f| f.path == *path) {
                Some(f) => earlier(f.text, &f.hidden)?,
                None => text.to_string(),
            };
            out.push((path.to_string(), text.into_bytes()));
        }
        let message = format!(
            "{review}: the action plan taken in, as monitored to {}\n\n\
             Evidence, statuses and sign-offs dated before then are as the plan recorded \
             them; what came after is recorded by the agencies' leads.\n",
            d.format("%B %Y")
        );
        self.push_bytes(MANAGER, d, message, out);
        Ok(())
    }
}

fn person(i: usize) -> Identity {
    Identity {
        name: PEOPLE[i].0.into(),
        email: PEOPLE[i].1.into(),
    }
}

/// The recommendation files of the bundled plans, parsed.
fn plan_files() -> Result<Vec<PlanFile>> {
    let mut out = Vec::new();
    for (path, text) in BUNDLED {
        let Some(rest) = path.strip_prefix("plans/") else {
            continue;
        };
        // A review's files only: plans/themes.toml is the plans' own.
        if path.ends_with("/review.toml") || !path.ends_with(".toml") || !rest.contains('/') {
            continue;
        }
        let review = rest.split('/').next().unwrap_or_default().to_string();
        let rec: RecFile =
            toml::from_str(text).with_context(|| format!("the bundled plan {path} is broken"))?;
        let id = rec_id(&review, &rec);
        out.push(PlanFile {
            path: path.to_string(),
            text,
            review,
            rec,
            id,
            hidden: Earlier::default(),
        });
    }
    Ok(out)
}

/// Decides when each part of file `f` was recorded: parts recorded before the plan was
/// taken in are in it from the start; the others are hidden until their day.
fn schedule(files: &mut [PlanFile], f: usize, out: &mut Vec<Reveal>) {
    let file = &files[f];
    let start = import_day(&file.review);
    let first = plus(start, 7);
    let clamp = |d: NaiveDate| d.clamp(first, end());
    // A recommendation signed off before the plan was taken in comes whole.
    let rec_closed = file
        .rec
        .finalised
        .as_ref()
        .is_some_and(|f| f.date.is_some_and(|d| d.first_day() <= start));
    let mut plan = Vec::new();
    for (i, a) in file.rec.actions.iter().enumerate() {
        if rec_closed {
            break;
        }
        let id = file.action_id(i);
        let seed = hash(&id);
        let who = recorder(file.agency(i));
        // The day the lead turned to this action: near its due date, else any time.
        let record = match a.due {
            Some(due) if due.last_day() > start => {
                clamp(plus(due.last_day(), (seed % 75) as i64 - 30))
            }
            _ => clamp(plus(first, (seed % 330) as i64)),
        };
        let dated = |d: Option<PlanDate>, fallback: NaiveDate, salt: u64| match d {
            Some(d) if d.first_day() <= start => None,
            Some(d) => Some(within(d, seed >> salt).clamp(first, end())),
            None => Some(fallback),
        };
        // Evidence and notes in the order the file lists them: an entry the plan already
        // had brings those before it; each comes no earlier than the one before.
        let evidence: Vec<_> = a
            .evidence
            .iter()
            .enumerate()
            .map(|(j, e)| {
                let fallback = clamp(plus(record, -(((seed >> (j + 3)) % 20) as i64)));
                dated(e.date, fallback, 7)
            })
            .collect();
        let notes: Vec<_> = a.notes.iter().map(|n| dated(n.date, record, 9)).collect();
        for (days, part) in [(evidence, 0), (notes, 1)] {
            let known = days.iter().rposition(Option::is_none).map_or(0, |k| k + 1);
            let mut floor = first;
            for (j, d) in days.into_iter().enumerate().skip(known) {
                floor = floor.max(d.unwrap_or(first));
                let p = if part == 0 {
                    Part::Evidence(i, j)
                } else {
                    Part::Note(i, j)
                };
                plan.push((floor, p, who));
            }
        }
        let status_day = if a.status.is_some() || a.completed.is_some() {
            let d = dated(
                a.completed,
                clamp(plus(record, ((seed >> 11) % 30) as i64)),
                13,
            );
            if let Some(d) = d {
                plan.push((d, Part::Status(i), who));
            }
            d
        } else {
            None
        };
        if a.finalised.is_some() {
            let after = status_day.unwrap_or(first);
            plan.push((after, Part::Finalised(i), CHAIR));
        }
        slips(file, i, seed, status_day, &mut plan);
    }
    if file.rec.finalised.is_some() && !rec_closed {
        plan.push((first, Part::RecFinalised, CHAIR));
    }
    let file = &mut files[f];
    for (d, part, person) in plan {
        let kind = match part {
            Part::Due(..) => Kind::NewDates,
            Part::Finalised(_) | Part::RecFinalised => Kind::SignOff,
            _ => Kind::Update,
        };
        hide(file, part);
        if d <= start {
            // The date the action had when the plan was taken in: nothing to record.
            continue;
        }
        out.push(Reveal {
            day: d,
            review: file.review.clone(),
            file: f,
            part,
            person,
            kind,
        });
    }
}

/// Some actions of the Windsor plan due from 2012 on began with earlier dates that slipped
/// once or twice: three months each time, agreed at a meeting.
fn slips(
    file: &PlanFile,
    i: usize,
    seed: u64,
    status_day: Option<NaiveDate>,
    plan: &mut Vec<(NaiveDate, Part, usize)>,
) {
    let a = &file.rec.actions[i];
    let Some(due) = a.due else { return };
    // Open actions due after the story ends slipped too: the report grades them so.
    let still_open = a.status != Some(Declared::Complete) && due.first_day() > end();
    if file.review != "wm-2011"
        || due.first_day().year() < 2012
        || a.due_text.is_some()
        || a.start.is_some()
        || !(seed.is_multiple_of(3) || still_open)
    {
        return;
    }
    let times = 1 + (seed >> 17) % 2;
    let month = |back: u64| {
        let d = due.first_day() - Months::new(3 * back as u32);
        PlanDate::Month {
            year: d.year(),
            month: d.month(),
        }
    };
    let mut dates: Vec<PlanDate> = (1..=times).rev().map(month).collect();
    dates.push(due);
    // dates[0] is the date at the start; each move comes at the meeting after the old date
    // falls due, or before it when that is sooner than the next. When the story has no
    // room for every move, the later ones are kept: the last move reaches the date now.
    let mut last = import_day(&file.review);
    let mut days = Vec::new();
    for k in 1..dates.len() {
        let at = meeting_after(plus(dates[k - 1].last_day(), -45).max(last));
        if at <= last || at > end() || status_day.is_some_and(|s| at >= s) {
            break;
        }
        days.push(at);
        last = at;
    }
    let (n, m) = (dates.len(), days.len());
    if m == 0 {
        return;
    }
    plan.push((
        import_day(&file.review),
        Part::Due(i, Some(dates[n - 1 - m])),
        MANAGER,
    ));
    for (k, at) in days.into_iter().enumerate() {
        let target = n - m + k;
        let to = (target < n - 1).then(|| dates[target]);
        plan.push((at, Part::Due(i, to), MANAGER));
    }
}

/// Marks `part` as not yet recorded at the start of the story.
fn hide(file: &mut PlanFile, part: Part) {
    match part {
        Part::Evidence(i, j) => {
            file.hide(i).evidence.insert(j);
        }
        Part::Note(i, j) => {
            file.hide(i).notes.insert(j);
        }
        Part::Status(i) => file.hide(i).status = true,
        Part::Finalised(i) => file.hide(i).finalised = true,
        Part::RecFinalised => file.hidden.rec_finalised = true,
        // The date at the start is the first `Due` of the action; later moves are applied.
        Part::Due(i, to) => {
            if file.hide(i).due.is_none() {
                file.hide(i).due = to;
            }
        }
    }
}

/// Records `part` in the file.
fn apply(file: &mut PlanFile, part: Part) {
    match part {
        Part::Evidence(i, j) => {
            file.hide(i).evidence.remove(&j);
        }
        Part::Note(i, j) => {
            file.hide(i).notes.remove(&j);
        }
        Part::Status(i) => file.hide(i).status = false,
        Part::Finalised(i) => file.hide(i).finalised = false,
        Part::RecFinalised => file.hidden.rec_finalised = false,
        Part::Due(i, to) => file.hide(i).due = to,
    }
}

impl PlanFile {
    fn part_agency(&self, part: Part) -> &str {
        match part {
            Part::Evidence(i, _)
            | Part::Note(i, _)
            | Part::Status(i)
            | Part::Finalised(i)
            | Part::Due(i, _) => self.agency(i),
            Part::RecFinalised => &self.rec.agency,
        }
    }
}

/// One line of a commit message for `part`.
fn describe(file: &PlanFile, part: Part) -> String {
    match part {
        Part::Evidence(i, _) => format!("- {}: evidence added", file.action_id(i)),
        Part::Note(i, _) => format!("- {}: note added", file.action_id(i)),
        Part::Status(i) => {
            let a = &file.rec.actions[i];
            match a.status {
                Some(Declared::Complete) => format!("- {}: complete", file.action_id(i)),
                Some(s) => format!("- {}: {s}", file.action_id(i)),
                None => format!("- {}: completion date recorded", file.action_id(i)),
            }
        }
        Part::Due(i, to) => {
            let to = to.or(file.rec.actions[i].due);
            let to = to.map_or("none".into(), |d| d.to_string());
            format!("- {}: new date {to}", file.action_id(i))
        }
        Part::Finalised(i) => format!("- {}: signed off", file.action_id(i)),
        Part::RecFinalised => format!("- {}: signed off", file.id),
    }
}

/// Moves each part to the day of the commit that will record it: updates once a month
/// per person and review (on the month's last such day), new dates on their meeting day.
fn settle(reveals: &mut [Reveal]) {
    type Key = (usize, String, Kind, i32, u32);
    let key = |r: &Reveal| -> Key {
        let bucket = match r.kind {
            Kind::Update => r.day.month(),
            _ => r.day.ordinal(),
        };
        (r.person, r.review.clone(), r.kind, r.day.year(), bucket)
    };
    let mut last: BTreeMap<Key, NaiveDate> = BTreeMap::new();
    for r in reveals.iter() {
        let e = last.entry(key(r)).or_insert(r.day);
        *e = (*e).max(r.day);
    }
    for r in reveals.iter_mut() {
        r.day = last[&key(r)];
    }
}

/// Sign-offs at the first meeting after all they sign off is recorded.
fn sign_offs(files: &[PlanFile], reveals: &mut [Reveal]) {
    let mut ready: BTreeMap<(usize, Option<usize>), NaiveDate> = BTreeMap::new();
    for r in reveals.iter().filter(|r| r.kind != Kind::SignOff) {
        let action = match r.part {
            Part::Evidence(i, _) | Part::Note(i, _) | Part::Status(i) | Part::Due(i, _) => i,
            _ => continue,
        };
        for k in [(r.file, Some(action)), (r.file, None)] {
            let e = ready.entry(k).or_insert(r.day);
            *e = (*e).max(r.day);
        }
    }
    for r in reveals.iter_mut().filter(|r| r.kind == Kind::SignOff) {
        let start = import_day(&files[r.file].review);
        let after = match r.part {
            Part::Finalised(i) => ready.get(&(r.file, Some(i))),
            _ => ready.get(&(r.file, None)),
        }
        .copied()
        .unwrap_or(start)
        .max(start);
        r.day = meeting_after(after);
    }
}

/// A tag at the last commit of each quarter: v2011-q1 …
fn quarter_tags(commits: &[NewCommit]) -> Vec<(String, usize)> {
    let mut tags = Vec::new();
    for year in [2011, 2012] {
        for q in 1..=4u32 {
            let last = NaiveDate::from_ymd_opt(year, q * 3, 1)
                .map(|d| PlanDate::Month {
                    year: d.year(),
                    month: d.month(),
                })
                .map(PlanDate::last_day)
                .expect("a quarter");
            let cutoff = last
                .and_hms_opt(23, 59, 59)
                .expect("a time")
                .and_utc()
                .timestamp();
            if last - Months::new(3) >= end() {
                continue;
            }
            if let Some(i) = commits.iter().rposition(|c| c.time <= cutoff) {
                tags.push((format!("v{year}-q{q}"), i));
            }
        }
    }
    tags
}
