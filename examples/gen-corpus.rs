//! Writes a synthetic but realistic corpus of plans for benchmarks: N reviews of about 100
//! actions in about 40 files each, in the layouts, vocabulary, numbering, statuses, dates,
//! evidence, notes and text lengths of the bundled plans, written with sct's own writer
//! (`sct::write::emit`) so that the corpus passes `sct check` with no errors and no warnings.
//!
//!     cargo run --release --example gen-corpus -- --reviews 1000 --out target/bench/plans-1000
//!     sct --plans target/bench/plans-1000 --today 2012-06-30 status
//!
//! The same seed and today always give the same files. The dates are laid around `--today`
//! (default 2012-06-30): nothing recorded (evidence, completion, sign-off) is after it,
//! and due dates fall on both sides of it, so every state occurs.
//!
//! tests/gen_corpus.rs includes this file as a module and calls `generate`.

use chrono::{Datelike, Days, NaiveDate};
use sct::plan::date::PlanDate;
use sct::plan::model::{
    Action, Declared, Evidence, Finalisation, Note, RecFile, RecNumber, Section,
};
use sct::write::emit::{self, Writer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to generate.
pub struct Options {
    pub reviews: usize,
    pub out: PathBuf,
    pub seed: u64,
    pub today: NaiveDate,
}

/// What was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub reviews: usize,
    pub files: usize,
    pub actions: usize,
    /// Actions with a due date.
    pub dated: usize,
    pub bytes: u64,
}

// A program's own output: this main is the example's, not library code.
#[allow(dead_code, clippy::print_stdout)]
fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut reviews = 10usize;
    let mut out = None;
    let mut seed = 2012u64;
    let mut today = NaiveDate::from_ymd_opt(2012, 6, 30).expect("a date");
    let usage = "usage: gen-corpus --reviews N --out DIR [--seed S] [--today YYYY-MM-DD]";
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| anyhow::anyhow!("{a} needs a value; {usage}"))
        };
        match a.as_str() {
            "--reviews" => reviews = value()?.parse()?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse()?,
            "--today" => today = value()?.parse()?,
            "-h" | "--help" => {
                println!("{usage}");
                return Ok(());
            }
            other => anyhow::bail!("unknown argument {other}; {usage}"),
        }
    }
    let out = out.ok_or_else(|| anyhow::anyhow!("--out is required; {usage}"))?;
    let s = generate(&Options {
        reviews,
        out: out.clone(),
        seed,
        today,
    })?;
    println!(
        "{}: {} reviews, {} files, {} actions ({} dated), {} bytes",
        out.display(),
        s.reviews,
        s.files,
        s.actions,
        s.dated,
        s.bytes
    );
    Ok(())
}

/// Writes `opts.reviews` reviews into `opts.out` (created if missing; existing review
/// folders of the same names are overwritten file by file).
pub fn generate(opts: &Options) -> anyhow::Result<Summary> {
    std::fs::create_dir_all(&opts.out)?;
    let mut sum = Summary::default();
    for r in 0..opts.reviews {
        // One stream per review: review r is the same whatever the corpus size.
        let mut g = Gen {
            rng: fastrand::Rng::with_seed(
                opts.seed ^ (r as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            ),
            today: opts.today,
            commenced: opts.today,
        };
        g.review(r, &opts.out, &mut sum)?;
        sum.reviews += 1;
    }
    Ok(sum)
}

struct Gen {
    rng: fastrand::Rng,
    today: NaiveDate,
    commenced: NaiveDate,
}

/// A review's recommendation before it is written: where, and what.
struct Planned {
    path: PathBuf,
    rec: RecFile,
}

impl Gen {
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.rng.usize(..xs.len())]
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.rng.u32(..100) < percent
    }

    /// A whole number from a weighted table of (value, weight).
    fn weighted(&mut self, table: &[(usize, u32)]) -> usize {
        let total: u32 = table.iter().map(|t| t.1).sum();
        let mut x = self.rng.u32(..total);
        for &(v, w) in table {
            if x < w {
                return v;
            }
            x -= w;
        }
        table[0].0
    }

    fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as u64;
        from + Days::new(self.rng.u64(..=span))
    }

    /// A recorded date: after the plan began, never after today.
    fn recorded(&mut self) -> NaiveDate {
        let (from, to) = (self.commenced, self.today);
        self.day_between(from, to)
    }

    /// A day or, more often in the plans, a month ("2012-05").
    fn plan_date(&mut self, d: NaiveDate, month_percent: u32) -> PlanDate {
        if self.chance(month_percent) {
            PlanDate::Month {
                year: d.year(),
                month: d.month(),
            }
        } else {
            PlanDate::Day(d)
        }
    }

    fn review(&mut self, r: usize, out: &Path, sum: &mut Summary) -> anyhow::Result<()> {
        let (area, slug) = AREAS[self.rng.usize(..AREAS.len())];
        self.commenced = self.today - Days::new(self.rng.u64(120..=1500));
        let year = self.commenced.year();
        let id = format!("{slug}-{year}-{:04}", r + 1);
        let dir = out.join(&id);

        // The agencies: the board itself and 6 to 10 others.
        let mut pool: Vec<(&str, &str)> = AGENCIES.to_vec();
        self.rng.shuffle(&mut pool);
        let n = self.rng.usize(6..=10);
        let mut agencies: Vec<(&str, &str)> = vec![("LSCB", "Local Safeguarding Children Board")];
        agencies.extend(pool.into_iter().take(n));

        let files = self.rng.usize(36..=44);
        let plans = match self.weighted(&[(0, 6), (1, 3), (2, 1)]) {
            0 => self.overview_imr(&dir, &agencies, files, false),
            1 => self.combined(&dir, &agencies, files),
            _ => self.overview_imr(&dir, &agencies, files, true),
        };

        // review.toml declares exactly the agencies used: an unused one is a warning.
        let mut used: BTreeMap<String, String> = BTreeMap::new();
        for p in &plans {
            let codes = std::iter::once(&p.rec.agency)
                .chain(p.rec.actions.iter().filter_map(|a| a.agency.as_ref()));
            for code in codes {
                let name = agencies
                    .iter()
                    .find(|a| a.0 == code)
                    .map(|a| a.1)
                    .unwrap_or("Agency");
                used.insert(code.clone(), name.replace("{area}", area));
            }
        }
        std::fs::create_dir_all(&dir)?;
        let meta = dir.join("review.toml");
        let text = self.review_toml(out, &meta, area, r, &used);
        sum.bytes += text.len() as u64;
        std::fs::write(&meta, text)?;
        sum.files += 1;

        let mut paths: Vec<&Path> = plans.iter().map(|p| p.path.as_path()).collect();
        paths.sort();
        if let Some(w) = paths.windows(2).find(|w| w[0] == w[1]) {
            anyhow::bail!("two recommendations planned at {}", w[0].display());
        }
        for p in plans {
            let mut comments = Vec::new();
            if self.chance(8) {
                comments.push(format!(
                    "Transcribed from the action plan as updated {}.",
                    self.recorded().format("%-d %B %Y")
                ));
            }
            let text = emit::rec_file(
                &sct::plan::layout::schema_line(out, &p.path),
                &comments,
                &p.rec,
            );
            if let Some(parent) = p.path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            sum.bytes += text.len() as u64;
            sum.files += 1;
            sum.actions += p.rec.actions.len();
            sum.dated += p.rec.actions.iter().filter(|a| a.due.is_some()).count();
            std::fs::write(&p.path, text)?;
        }
        Ok(())
    }

    fn review_toml(
        &mut self,
        out: &Path,
        path: &Path,
        area: &str,
        r: usize,
        agencies: &BTreeMap<String, String>,
    ) -> String {
        let mut w = Writer::default();
        w.line(&sct::plan::layout::schema_line(out, path));
        w.comment(&format!(
            "{area} Safeguarding Children Board: serious case review {}.",
            r + 1
        ));
        let case = format!("Case {}", self.rng.usize(1..=40));
        let kind = self.pick(&[
            "Serious Case Review Action Plan",
            "Serious case review: combined action plan",
            "Serious Case Review: Overview and IMR action plan",
        ]);
        w.string("title", &format!("{kind} in respect of {case}"));
        w.string("board", &format!("{area} Safeguarding Children Board"));
        if self.chance(70) {
            w.string("case", &case);
        }
        w.line(&format!("commenced = {}", self.commenced));
        if self.chance(50) {
            let published = self.commenced - Days::new(self.rng.u64(20..=200));
            w.line(&format!("published = {published}"));
        }
        w.string(
            "source",
            &format!("{area} LSCB, {kind} in respect of {case} (monitoring version)"),
        );
        if self.chance(40) {
            w.line(&format!(
                "finalisers = [{}]",
                emit::basic(&format!(
                    "QA&A Sub Group Chair <qa@{}.lscb.example>",
                    area.to_lowercase().replace(' ', "-")
                ))
            ));
        }
        w.table("[agencies]");
        for (code, name) in agencies {
            w.line(&format!("{code} = {}", emit::basic(name)));
        }
        w.out
    }

    /// An overview report's recommendations (overview/01.toml…), optionally a health
    /// overview's (health-overview/01.toml…), then each agency's IMR (imr/<agency>/1.toml…).
    fn overview_imr(
        &mut self,
        dir: &Path,
        agencies: &[(&str, &str)],
        files: usize,
        health: bool,
    ) -> Vec<Planned> {
        let mut out = Vec::new();
        let overview = self.rng.usize(10..=18);
        for i in 1..=overview {
            let agency = if self.chance(60) {
                "LSCB"
            } else {
                agencies[self.rng.usize(..agencies.len())].0
            };
            let rec = self.rec(
                RecNumber(i.to_string()),
                Section::Overview,
                agency,
                agencies,
            );
            out.push(Planned {
                path: dir.join("overview").join(format!("{i:02}.toml")),
                rec,
            });
        }
        if health {
            let health: Vec<&str> = agencies
                .iter()
                .map(|a| a.0)
                .filter(|c| HEALTH.contains(c))
                .collect();
            if !health.is_empty() {
                for i in 1..=self.rng.usize(3..=6) {
                    let agency = health[self.rng.usize(..health.len())];
                    let rec = self.rec(
                        RecNumber(i.to_string()),
                        Section::HealthOverview,
                        agency,
                        agencies,
                    );
                    out.push(Planned {
                        path: dir.join("health-overview").join(format!("{i:02}.toml")),
                        rec,
                    });
                }
            }
        }
        // The rest: IMR recommendations, numbered within each agency.
        let imr: Vec<&str> = agencies
            .iter()
            .map(|a| a.0)
            .filter(|c| *c != "LSCB")
            .collect();
        let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
        while out.len() < files {
            let agency = imr[self.rng.usize(..imr.len())];
            let n = numbers.entry(agency).or_insert(0);
            *n += 1;
            let n = *n;
            let rec = self.rec(RecNumber(n.to_string()), Section::Imr, agency, agencies);
            out.push(Planned {
                path: dir
                    .join("imr")
                    .join(agency.to_lowercase())
                    .join(format!("{n}.toml")),
                rec,
            });
        }
        out
    }

    /// A combined plan numbered throughout, grouped in agency sections (<agency>/01.toml…),
    /// with the odd inserted recommendation ("3a").
    fn combined(&mut self, dir: &Path, agencies: &[(&str, &str)], files: usize) -> Vec<Planned> {
        let mut out = Vec::new();
        let mut n = 0;
        let mut ai = 0;
        while out.len() < files {
            let agency = agencies[ai % agencies.len()].0;
            let in_section = self.rng.usize(2..=8).min(files - out.len());
            for _ in 0..in_section {
                // At most one insertion after a number: 3, 3a, 4.
                let lettered = out
                    .last()
                    .is_some_and(|p: &Planned| p.rec.number.0.ends_with('a'));
                let number = if n > 0 && !lettered && self.chance(3) {
                    format!("{n}a")
                } else {
                    n += 1;
                    n.to_string()
                };
                let digits = number.bytes().take_while(u8::is_ascii_digit).count();
                let file = format!("{:0>2}{}.toml", &number[..digits], &number[digits..]);
                let rec = self.rec(RecNumber(number), Section::Combined, agency, agencies);
                out.push(Planned {
                    path: dir.join(agency.to_lowercase()).join(file),
                    rec,
                });
            }
            ai += 1;
        }
        out
    }

    fn rec(
        &mut self,
        number: RecNumber,
        section: Section,
        agency: &str,
        agencies: &[(&str, &str)],
    ) -> RecFile {
        let actions_n = self.weighted(&[(1, 25), (2, 30), (3, 25), (4, 12), (5, 8)]);
        let mut actions: Vec<Action> = (0..actions_n)
            .map(|_| self.action(agencies, agency))
            .collect();
        let all_complete = actions.iter().all(|a| a.status == Some(Declared::Complete));
        let finalised = (all_complete && self.chance(60))
            .then(|| self.finalisation())
            .map(|f| not_before(f, actions.iter()));
        if finalised.is_none() {
            for a in actions.iter_mut() {
                if a.status == Some(Declared::Complete) && self.chance(8) {
                    let f = self.finalisation();
                    a.finalised = Some(not_before(f, std::iter::once(&*a)));
                }
            }
        }
        let notes_n = self.weighted(&[
            (0, 15),
            (1, 15),
            (2, 15),
            (3, 15),
            (4, 12),
            (6, 14),
            (9, 8),
            (12, 6),
        ]);
        let mut notes: Vec<Note> = (0..notes_n).map(|_| self.note()).collect();
        sort_dates(&mut notes, |n| n.date, |n, d| n.date = Some(d));
        let topic = self.pick(TOPICS);
        let who = self.pick(&[
            "The LSCB should ensure that",
            "All agencies should ensure that",
            "The agency should review how",
            "Managers should ensure that",
            "The Board should seek assurance that",
            "Commissioners should ensure that",
        ]);
        let theme = TOPIC_THEMES[TOPICS.iter().position(|t| *t == topic).unwrap_or(0)];
        // Some recommendations are made again, review after review, in other words.
        if self.chance(3) {
            let (text, theme) = self.repeated(who);
            return self.finish(
                number, section, agency, text, theme, actions, finalised, notes,
            );
        }
        let text = format!(
            "{who} {} {topic}{}",
            self.pick(&[
                "practice and procedures address",
                "staff are trained in",
                "there is clear guidance on",
                "single and multi-agency arrangements cover",
                "audits test compliance with",
            ]),
            self.pick(&[
                ".",
                ", so that children at risk of significant harm are identified early.",
                ", and that this is monitored through supervision and audit.",
                ", with particular attention to the needs of very young children and disabled children.",
                " and report progress to the Board within six months.",
            ])
        );
        self.finish(
            number, section, agency, text, theme, actions, finalised, notes,
        )
    }

    /// One of the recommendations that come back, reworded a little: a clause left out, a
    /// word for another.
    fn repeated(&mut self, who: &str) -> (String, &'static str) {
        let (text, theme) = REPEATED[self.rng.usize(..REPEATED.len())];
        let mut text = text.to_string();
        for (a, b) in [
            ("ensure", "make sure"),
            ("review", "revisit"),
            ("staff", "practitioners"),
            ("all ", "every "),
        ] {
            if self.chance(40) {
                text = text.replacen(a, b, 1);
            }
        }
        if let Some((head, _)) = text.split_once(", so that").filter(|_| self.chance(50)) {
            text = format!("{head}.");
        }
        (format!("{who} {text}"), theme)
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        number: RecNumber,
        section: Section,
        agency: &str,
        text: String,
        theme: &str,
        actions: Vec<Action>,
        finalised: Option<Finalisation>,
        notes: Vec<Note>,
    ) -> RecFile {
        let mut themes = vec![theme.to_string()];
        if self.chance(40) {
            let other = self.pick(&[
                "information-sharing",
                "procedures-and-training",
                "quality-assurance",
            ]);
            if other != theme {
                themes.push(other.to_string());
            }
        }
        RecFile {
            number,
            section,
            agency: agency.to_string(),
            agencies: Vec::new(),
            text: Some(text),
            themes,
            agreed_by: self.chance(30).then(|| {
                self.pick(&[
                    "Agreed by Agency Lead",
                    "Agreed by Chief Executive",
                    "Agreed by the Director of Children's Services",
                ])
                .to_string()
            }),
            finalised,
            notes,
            actions,
        }
    }

    fn finalisation(&mut self) -> Finalisation {
        Finalisation {
            date: self.chance(70).then(|| PlanDate::Day(self.recorded())),
            by: self
                .pick(&["QA&A Sub Group", "LSCB Board", "SCR Sub Group"])
                .to_string(),
        }
    }

    fn note(&mut self) -> Note {
        let topic = self.pick(TOPICS);
        let text = match self.rng.usize(..6) {
            0 => "Regular meetings are held with the Children's Advisor and the LSCB to review progress and agree evidence of compliance".to_string(),
            1 => format!("Progress on {topic} reviewed; further evidence requested from the agency."),
            2 => "Agency action reviewed by QA&A Sub Group. Action Completed.".to_string(),
            3 => format!("Consider evidence for audit: copy of the revised guidance on {topic}."),
            4 => "Further meetings are planned for".to_string(),
            _ => format!("Re-audit to be scheduled; the sub group was not yet assured on {topic}."),
        };
        Note {
            date: self.chance(75).then(|| PlanDate::Day(self.recorded())),
            body: self.chance(90).then(|| self.pick(BODIES).to_string()),
            text,
        }
    }

    fn action(&mut self, agencies: &[(&str, &str)], own: &str) -> Action {
        let topic = self.pick(TOPICS);
        let audience = self.pick(AUDIENCES);
        let description = match self.rng.usize(..8) {
            0 => format!("Review current guidelines on {topic} and amend if required"),
            1 => format!("Disseminate the lessons of this review on {topic} to {audience}"),
            2 => format!("Audit a sample of case files for {topic} and report the findings to the QA&A Sub Group"),
            3 => format!("Deliver training on {topic} to {audience}, including the findings of this review"),
            4 => format!("Develop and publish guidance on {topic} for {audience}"),
            5 => format!("Monitor compliance with the procedure for {topic} through supervision"),
            6 => format!("Establish a protocol with partner agencies for {topic}"),
            _ => format!("Raise awareness of {topic} among {audience} through briefings and the newsletter"),
        };
        let today = self.today;
        // Due dates fall from soon after the plan began to a year after today.
        let due_day = self.day_between(self.commenced + Days::new(30), today + Days::new(365));
        let ongoing = self.chance(6);
        let due = (!ongoing).then(|| self.plan_date(due_day, 55));
        let past = due_day <= today;
        let status = if ongoing {
            Some(Declared::Ongoing)
        } else if past {
            match self.weighted(&[(0, 62), (1, 12), (2, 8), (3, 9), (4, 4), (5, 5)]) {
                0 => Some(Declared::Complete),
                1 => Some(Declared::InProgress),
                2 => Some(Declared::Delayed),
                3 => None,
                4 => Some(Declared::NotStarted),
                _ => Some(Declared::Ongoing),
            }
        } else {
            match self.weighted(&[(0, 20), (1, 40), (2, 3), (3, 15), (4, 18), (5, 4)]) {
                0 => Some(Declared::Complete),
                1 => Some(Declared::InProgress),
                2 => Some(Declared::Delayed),
                3 => None,
                4 => Some(Declared::NotStarted),
                _ => Some(Declared::Ongoing),
            }
        };
        let complete = status == Some(Declared::Complete);
        let status_text = status.filter(|_| self.chance(45)).map(|s| {
            match s {
                Declared::Complete => self.pick(&[
                    "Action Completed",
                    "Complete (and ongoing)",
                    "Completed and embedded in practice",
                ]),
                Declared::InProgress => self.pick(&[
                    "In progress – on target",
                    "Partially complete",
                    "Work under way",
                ]),
                Declared::Delayed => self.pick(&[
                    "Delayed: awaiting restructure of the service",
                    "Slipped; revised date agreed with the Board",
                ]),
                Declared::Ongoing => self.pick(&["Ongoing – monitored quarterly", "Ongoing"]),
                Declared::NotStarted => {
                    self.pick(&["Not yet started", "Awaiting national guidance"])
                }
            }
            .to_string()
        });
        let due_text = if ongoing {
            self.chance(50).then(|| "Ongoing".to_string())
        } else if self.chance(12) {
            let later = due_day + Days::new(60);
            Some(match self.rng.usize(..3) {
                0 => format!(
                    "{} (review {})",
                    due_day.format("%B %Y"),
                    later.format("%B %Y")
                ),
                1 => "Now".to_string(),
                _ => format!("By end of {}", due_day.format("%B %Y")),
            })
        } else {
            None
        };
        let evidence_n = if complete {
            self.weighted(&[(1, 60), (2, 25), (3, 15)])
        } else {
            self.weighted(&[(0, 70), (1, 25), (2, 5)])
        };
        let mut evidence: Vec<Evidence> = (0..evidence_n)
            .map(|_| self.evidence(topic, audience))
            .collect();
        sort_dates(&mut evidence, |e| e.date, |e, d| e.date = Some(d));
        let notes_n = self.weighted(&[(0, 85), (1, 12), (2, 3)]);
        let mut notes: Vec<Note> = (0..notes_n).map(|_| self.note()).collect();
        sort_dates(&mut notes, |n| n.date, |n, d| n.date = Some(d));
        Action {
            description,
            agency: self
                .chance(3)
                .then(|| agencies[self.rng.usize(..agencies.len())].0)
                .filter(|c| *c != own)
                .map(str::to_string),
            lead: Some(self.lead()),
            start: None,
            due,
            due_text,
            review: (due.is_some() && self.chance(3))
                .then(|| PlanDate::Day(due_day + Days::new(90))),
            outcome: self.chance(55).then(|| {
                format!(
                    "{} {topic}{}",
                    self.pick(&[
                        "Staff are aware of",
                        "Improved practice in",
                        "Consistent recording of",
                        "Assurance to the Board on"
                    ]),
                    self.pick(&[
                        "",
                        ", evidenced by audit",
                        ", so that children are safeguarded",
                        " across the partnership"
                    ])
                )
            }),
            status,
            status_text,
            completed: (complete && self.chance(30)).then(|| {
                let d = self.recorded();
                self.plan_date(d, 20)
            }),
            evidence,
            notes,
            finalised: None,
        }
    }

    fn evidence(&mut self, topic: &str, audience: &str) -> Evidence {
        let n = self.rng.usize(8..=120);
        let pct = self.rng.usize(55..=100);
        let text = match self.rng.usize(..7) {
            0 => format!("Audit of {n} case files completed; {pct}% compliant with the procedure for {topic}. Action plan agreed for the remainder."),
            1 => format!("Training delivered to {n} staff on {topic}; attendance registers and evaluations held by the training team."),
            2 => format!("Procedures revised to include {topic} and published on the LSCB website."),
            3 => format!("Briefing note on {topic} circulated to {audience}; acknowledgements received."),
            4 => format!("Minutes of the sub group record that {topic} is now a standing agenda item."),
            5 => format!("Information disseminated to {audience}."),
            _ => format!("Report to the QA&A Sub Group on {topic}: the re-audit found practice improved in most cases sampled, with recording of the child's views still inconsistent; a further briefing has been issued to {audience}."),
        };
        Evidence {
            date: self.chance(65).then(|| {
                let d = self.recorded();
                self.plan_date(d, 15)
            }),
            text,
            by: self.chance(25).then(|| self.lead()),
            file: None,
        }
    }

    fn lead(&mut self) -> String {
        match self.rng.usize(..10) {
            0 => format!("{} and {}", self.pick(LEADS), self.pick(LEADS)),
            1 => self.pick(&["BHFT", "LSCB", "CSC", "WMP"]).to_string(),
            _ => self.pick(LEADS).to_string(),
        }
    }
}

/// Dated entries oldest first, undated ones where they fall (as the plans keep them):
/// the dates are sorted into the dated slots.
fn sort_dates<T>(
    xs: &mut [T],
    get: impl Fn(&T) -> Option<PlanDate>,
    set: impl Fn(&mut T, PlanDate),
) {
    let mut dates: Vec<PlanDate> = xs.iter().filter_map(&get).collect();
    dates.sort_by_key(|d| d.first_day());
    let mut dates = dates.into_iter();
    for x in xs.iter_mut() {
        if get(x).is_some() {
            if let Some(d) = dates.next() {
                set(x, d);
            }
        }
    }
}

const AREAS: &[(&str, &str)] = &[
    ("Birmingham", "bham"),
    ("Windsor and Maidenhead", "wm"),
    ("Leeds", "leeds"),
    ("Bristol", "bristol"),
    ("Kent", "kent"),
    ("Lancashire", "lancs"),
    ("Norfolk", "norfolk"),
    ("Coventry", "coventry"),
    ("Haringey", "haringey"),
    ("Devon", "devon"),
    ("Sheffield", "sheffield"),
    ("Hampshire", "hants"),
    ("Croydon", "croydon"),
    ("Rochdale", "rochdale"),
    ("Wolverhampton", "wolves"),
    ("Slough", "slough"),
];

/// Agency codes and names; `{area}` becomes the review's area.
const AGENCIES: &[(&str, &str)] = &[
    ("BHFT", "Berkshire Healthcare NHS Foundation Trust"),
    ("WMP", "West Midlands Police"),
    ("CSC", "{area} Children's Social Care"),
    ("GP", "Primary Care (GP practices)"),
    ("EDU", "{area} Education Services"),
    ("PCT", "NHS {area} Primary Care Trust"),
    ("HV", "Health Visiting Service"),
    ("CAMHS", "Child and Adolescent Mental Health Services"),
    ("PROB", "National Probation Service"),
    ("YOT", "{area} Youth Offending Team"),
    ("HOUSING", "{area} Housing Services"),
    ("ASC", "{area} Adult Social Care"),
    ("AMB", "Ambulance Service NHS Trust"),
    ("ACUTE", "{area} Hospitals NHS Foundation Trust"),
    ("MH", "Mental Health NHS Foundation Trust"),
    ("EWS", "Education Welfare Service"),
    ("EYS", "Early Years Service"),
    ("SCHOOLS", "Schools"),
    (
        "CAFCASS",
        "Children and Family Court Advisory and Support Service",
    ),
    (
        "CSC-FSS",
        "{area} Children's Social Care, Family Support Services",
    ),
    ("DAAT", "Drug and Alcohol Action Team"),
    ("POLICE", "{area} Constabulary"),
];

const HEALTH: &[&str] = &["BHFT", "GP", "PCT", "HV", "CAMHS", "AMB", "ACUTE", "MH"];

const BODIES: &[&str] = &[
    "GOWM, BSCB & Ofsted",
    "QA&A Sub Group",
    "QA&A Sub Group",
    "LSCB Board",
    "SCR Sub Group",
    "Performance Management Sub Group",
];

const TOPICS: &[&str] = &[
    "the management of anonymous referrals",
    "information sharing between health and children's social care",
    "engagement with fathers and other male carers",
    "the recording of home visits",
    "strategy discussions under section 47",
    "the use of interpreters",
    "the escalation of professional disagreements",
    "supervision of front-line staff",
    "the assessment of parenting capacity",
    "the Common Assessment Framework",
    "multi-agency referral forms",
    "child protection conferences and core groups",
    "children missing from education",
    "domestic abuse risk assessment (DASH)",
    "elective home education",
    "children not brought to health appointments",
    "the transfer of records between GP practices",
    "safeguarding training for reception staff",
    "the voice of the child in assessments",
    "chronologies in case files",
    "pre-birth assessments",
    "parental mental health",
    "parental substance misuse",
    "the out-of-hours service",
    "referrals to MARAC",
    "health assessments of looked-after children",
    "bruising in non-mobile infants",
    "the neglect toolkit",
    "section 11 audits",
    "private fostering arrangements",
];

/// The theme of each of `TOPICS`, in order.
const TOPIC_THEMES: &[&str] = &[
    "referral-and-thresholds",
    "information-sharing",
    "whole-family",
    "record-keeping",
    "risk-assessment",
    "voice-of-the-child",
    "multi-agency-working",
    "supervision-and-workforce",
    "assessment-and-planning",
    "assessment-and-planning",
    "referral-and-thresholds",
    "assessment-and-planning",
    "children-not-in-school",
    "domestic-abuse",
    "children-not-in-school",
    "neglect",
    "record-keeping",
    "procedures-and-training",
    "voice-of-the-child",
    "record-keeping",
    "vulnerable-babies",
    "parental-mental-health",
    "parental-substance-misuse",
    "multi-agency-working",
    "domestic-abuse",
    "children-in-care",
    "vulnerable-babies",
    "neglect",
    "quality-assurance",
    "children-in-care",
];

/// Recommendations that reviews keep making (after the bundled plans and the Panel's
/// reports), each with its theme: `sct similar` should find them across reviews.
const REPEATED: &[(&str, &str)] = &[
    ("GPs arrange a formal mental health assessment of any woman who conceals a pregnancy, so that her baby's safety is assessed before birth.", "parental-mental-health"),
    ("health visitors are briefed on the action to take when bruising is seen on a non-mobile baby, so that every such injury is referred.", "vulnerable-babies"),
    ("police safe and well checks are not used in place of a social work visit to see the child, so that the child is seen and spoken to.", "voice-of-the-child"),
    ("the electronic transfer of GP records between practices is completed within three months of registration, so that a new practice knows the family's history.", "record-keeping"),
    ("schools liaise with the schools attended by siblings when they first have concerns, so that a holistic view of the family is obtained.", "whole-family"),
    ("staff receive guidance and training on working with aggressive and highly resistant parents, so that hostility does not deflect them from the child.", "professional-curiosity"),
    ("children withdrawn from school for elective home education are seen by the education otherwise team within four weeks, so that their welfare is checked.", "children-not-in-school"),
    ("weight and height measured at school medicals are plotted on a growth chart in the child's notes, so that faltering growth is recognised.", "neglect"),
    ("a formal letter informs every key agency when children's social care closes a case, so that no agency assumes another is still involved.", "information-sharing"),
    ("the step-up and step-down protocol between early help and children's social care is agreed and audited, so that families do not fall between services.", "referral-and-thresholds"),
    ("the safe sleep message is given to both parents at every contact with a newborn baby, so that co-sleeping risks after alcohol are understood.", "vulnerable-babies"),
    ("professionals working with adolescents recognise the signs of criminal exploitation and county lines, so that missing episodes trigger a strategy discussion.", "risks-outside-the-family"),
    ("the adult mental health trust asks every patient whether they care for children, so that children's needs are considered in discharge planning.", "parental-mental-health"),
    ("fathers and male partners are identified, seen and assessed in every child protection enquiry, so that no man in the household is invisible.", "whole-family"),
    ("disagreements between professionals about thresholds are escalated under the resolution protocol, so that no concern is left unresolved.", "multi-agency-working"),
    ("children who return home from care are treated as children in need for at least three months, so that reunification is supported and monitored.", "children-in-care"),
];

const AUDIENCES: &[&str] = &[
    "all front line staff",
    "GP practices",
    "health visitors and school nurses",
    "team managers",
    "duty and assessment teams",
    "midwifery staff",
    "designated teachers",
    "call handlers",
    "ward staff",
    "the Emergency Department",
];

const LEADS: &[&str] = &[
    "Named Nurse Safeguarding Children",
    "Head of Service, Safeguarding",
    "Designated Doctor for Child Protection",
    "Detective Inspector, Public Protection Unit",
    "Service Manager, Referral and Assessment",
    "LSCB Business Manager",
    "Head of Midwifery",
    "Principal Education Welfare Officer",
    "Named GP",
    "Team Manager, Duty and Assessment",
    "Training Coordinator",
    "Safeguarding Lead for Children's Social Care, Service Director",
    "Lead Midwife for Outpatient Services & Named Midwife",
    "Head of Services for Families & Young People",
    "Assistant Education Officer",
    "QA Lead",
    "Family Support Manager",
    "IRO's",
];

/// A sign-off moved, where it came first, to the day of the last completion or evidence it
/// signs off: a board signs off what it has seen (`sct check` warns otherwise).
fn not_before<'a>(mut f: Finalisation, actions: impl Iterator<Item = &'a Action>) -> Finalisation {
    let last = actions
        .flat_map(|a| {
            a.completed
                .into_iter()
                .chain(a.evidence.iter().filter_map(|e| e.date))
        })
        .map(|d| d.first_day())
        .max();
    if let (Some(PlanDate::Day(d)), Some(last)) = (f.date, last) {
        if d < last {
            f.date = Some(PlanDate::Day(last));
        }
    }
    f
}
