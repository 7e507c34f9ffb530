//! `sct import csv` and `sct export csv`, driven through the binary on the fixtures in
//! tests/fixtures/import (real header names, real cell texts) and on the bundled plans.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("plans")
}

fn fixture(name: &str) -> String {
    fixtures().join("import").join(name).display().to_string()
}

/// A temp folder with `plans/<id>/review.toml` copied from the bundled review `from`.
fn empty_review(id: &str, from: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("plans").join(id);
    std::fs::create_dir_all(&to).unwrap();
    std::fs::copy(
        bundled().join(from).join("review.toml"),
        to.join("review.toml"),
    )
    .unwrap();
    dir
}

/// Every file and folder below `dir`, with a file's bytes.
struct Snapshot(BTreeMap<PathBuf, Vec<u8>>);

fn snapshot(dir: &Path) -> Snapshot {
    Snapshot(
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .map(|e| {
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    Vec::new()
                };
                (e.path().to_path_buf(), bytes)
            })
            .collect(),
    )
}

impl Snapshot {
    /// Asserts that nothing below the folder was written, naming what was.
    #[track_caller]
    fn unchanged(&self, dir: &Path) {
        let now = snapshot(dir).0;
        let changed: Vec<_> = now
            .iter()
            .filter(|(p, b)| self.0.get(*p) != Some(b))
            .map(|(p, _)| p)
            .chain(self.0.keys().filter(|p| !now.contains_key(*p)))
            .collect();
        assert!(changed.is_empty(), "written: {changed:?}");
    }
}

/// Each recommendation of a plans folder by ID: its path below the review and its model.
fn models(plans: &Path) -> BTreeMap<String, (PathBuf, serde_json::Value)> {
    let loaded = sct::plan::load::load(plans).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let mut out = BTreeMap::new();
    for review in &loaded.plans.reviews {
        for rec in &review.recs {
            let rel = rec.path.strip_prefix(plans).unwrap().to_path_buf();
            out.insert(
                rec.id.clone(),
                (rel, serde_json::to_value(&rec.file).unwrap()),
            );
        }
    }
    out
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn export_then_import_gives_back_the_bundled_plans() {
    let out = tempfile::tempdir().unwrap();
    let imported = tempfile::tempdir().unwrap();
    for (review, recs, actions) in [("wm-2011", 68, 155), ("bham-case14", 70, 125)] {
        let csv = out.path().join(format!("{review}.csv"));
        let r = sct_run(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            &[
                "export",
                "csv",
                "--review",
                review,
                "-o",
                csv.to_str().unwrap(),
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        has(&r.stdout, &format!("wrote {}", csv.display()));
        let target = imported.path().join("plans").join(review);
        std::fs::create_dir_all(&target).unwrap();
        std::fs::copy(
            bundled().join(review).join("review.toml"),
            target.join("review.toml"),
        )
        .unwrap();
        let r = sct_run(
            imported.path(),
            &["import", "csv", csv.to_str().unwrap(), "--review", review],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        has(
            &r.stdout,
            &format!("imported {recs} recommendations with {actions} actions"),
        );
    }
    let before = models(&bundled());
    let after = models(&imported.path().join("plans"));
    assert_eq!(before.len(), 138);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (id, (path, model)) in &before {
        let (path2, model2) = &after[id];
        assert_eq!(
            path, path2,
            "{id} is written where the bundled plans keep it"
        );
        assert_eq!(model, model2, "{id} reads back as it was");
    }
    // The states too: the imported plans report exactly as the bundled ones.
    let list = |dir: &Path| sct_run(dir, &["list", "--format", "json"]).stdout;
    let bundled_list = list(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(
        list(imported.path()).replace("\"file\": \"plans/", "\"file\": \"X/"),
        bundled_list.replace("\"file\": \"plans/", "\"file\": \"X/")
    );
    // Every file sct wrote begins with the schema directive.
    for e in walkdir::WalkDir::new(imported.path().join("plans")) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "toml") && e.file_name() != "review.toml" {
            let text = std::fs::read_to_string(e.path()).unwrap();
            assert!(text.starts_with("#:schema ../"), "{}", e.path().display());
        }
    }
}

#[test]
fn one_row_per_action_reads_as_the_hand_transcription() {
    let dir = empty_review("wm-2011", "wm-2011");
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            &fixture("wm-lscb.csv"),
            "--review",
            "wm-2011",
            "--agency",
            "LSCB",
            "--section",
            "combined",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in [
        "lscb/01.toml",
        "lscb/02.toml",
        "lscb/04.toml",
        "lscb/10.toml",
        "lscb/30.toml",
    ] {
        has(&r.stdout, &format!("wrote plans/wm-2011/{f}"));
    }
    has(&r.stdout, "imported 5 recommendations with 7 actions from");
    let got = models(&dir.path().join("plans"));
    let want = models(&bundled());
    // Recommendations 1 and 4 come out exactly as they were transcribed by hand (less the
    // themes tagged since, which the spreadsheet does not have).
    for id in ["wm-2011/1", "wm-2011/4"] {
        let mut want = want[id].clone();
        want.1.as_object_mut().unwrap().remove("themes");
        assert_eq!(got[id], want, "{id}");
    }
    // "April 2012 (review June 2012)": due April, reviewed June, the words kept.
    let ten = read(dir.path(), "plans/wm-2011/lscb/10.toml");
    has(
        &ten,
        "due = \"2012-04\"\ndue_text = \"April 2012 (review June 2012)\"\nreview = \"2012-06\"\n",
    );
    has(&ten, "status = \"ongoing\"\n");
    // "Completed June 2011" is a completion, not a target; "Complete June 2011" agrees.
    let thirty = read(dir.path(), "plans/wm-2011/lscb/30.toml");
    has(&thirty, "due_text = \"Completed June 2011\"\n");
    assert!(!thirty.contains("\ndue = "), "{thirty}");
    has(
        &thirty,
        "status = \"complete\"\nstatus_text = \"Complete June 2011\"\ncompleted = \"2011-06\"\n",
    );
    // "Dec 12" is December 2012.
    has(
        &read(dir.path(), "plans/wm-2011/lscb/04.toml"),
        "due = \"2012-12\"\n",
    );
    let text = read(dir.path(), "plans/wm-2011/lscb/01.toml");
    assert!(text.starts_with(
        "#:schema ../../../schema/recommendation.schema.json\n# Imported by `sct import csv` from wm-lscb.csv, rows 2–4.\n"
    ), "{text}");
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn one_row_per_recommendation_with_a_map_file() {
    let dir = empty_review("bham-case14", "bham-case14");
    let before = snapshot(dir.path());
    // Without the map, the RAG column is unknown: nothing is read, nothing written.
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            &fixture("bham-overview.csv"),
            "--review",
            "bham-case14",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    has(
        &r.stderr,
        // A RAG column is a status column; beside "Status" it is one too many.
        "bham-overview.csv: row 1, column K \"RAG\": holds the status as column \"Status\" does",
    );
    has(&r.stderr, "[columns] \"RAG\" = \"ignore\"");
    has(&r.stderr, "1 problem in ");
    has(&r.stderr, "nothing was written");
    before.unchanged(dir.path());

    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            &fixture("bham-overview.csv"),
            "--review",
            "bham-case14",
            "--map",
            &fixture("bham-map.toml"),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "imported 3 recommendations with 3 actions");
    let one = read(dir.path(), "plans/bham-case14/overview/01.toml");
    // "Recommendation 1 Birmingham…" is recommendation 1, without the words "Recommendation 1".
    has(&one, "number = 1\nsection = \"overview\"\nagency = \"BSCB\"\ntext = \"\"\"\nBirmingham Safeguarding");
    has(
        &one,
        "agreed_by = \"Chair Birmingham Safeguarding Children Board\"\n",
    );
    // The Birmingham monitoring columns are notes by their monitoring body.
    has(
        &one,
        "[[notes]]\nbody = \"GOWM, BSCB & Ofsted\"\ntext = \"BSCB provide GOWM",
    );
    has(&one, "[[notes]]\nbody = \"QA&A Sub Group\"\ntext = \"Agency action reviewed by QA&A Sub Group.\"");
    // 1/09/2009 is 1 September 2009 (UK day first).
    has(
        &one,
        "due = 2009-09-01\nstatus = \"complete\"\nstatus_text = \"Action Completed. Finalised\"\n",
    );
    let two = read(dir.path(), "plans/bham-case14/overview/02.toml");
    // "Recommendation Two", and the agency given by its full name.
    has(
        &two,
        "number = 2\nsection = \"overview\"\nagency = \"SBPCT\"\n",
    );
    has(
        &two,
        "due = 2009-01-31\nstatus = \"in-progress\"\nstatus_text = \"Pending\"\n",
    );
    // The map's reading of "Immediate", with the words kept.
    let three = read(dir.path(), "plans/bham-case14/overview/03.toml");
    has(
        &three,
        "due = \"2009-07\"\ndue_text = \"Immediate\"\nstatus = \"in-progress\"\n",
    );
    assert!(!one.contains("Black"), "the ignored column is left out");
}

#[test]
fn what_cannot_be_read_is_reported_by_row_and_column_and_nothing_is_written() {
    let dir = empty_review("wm-2011", "wm-2011");
    let before = snapshot(dir.path());
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            &fixture("unreadable.csv"),
            "--review",
            "wm-2011",
            "--agency",
            "LSCB",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    for line in [
        "unreadable.csv: row 2, column C \"BY WHEN\": \"Now\" is not a date: when it was due depends on when the plan was written",
        "unreadable.csv: row 3, column C \"BY WHEN\": \"31.12.08 31.03.09\" gives more than one date",
        "unreadable.csv: row 3, column F \"STATUS ● Complete ● In progress ● Delayed\": \"Local Authority complete\" is not a status sct knows",
        "unreadable.csv: row 4, column C \"BY WHEN\": \"29.02.09\" is not a real date: February 2009 has 28 days",
        "unreadable.csv: row 5, column C \"BY WHEN\": \"February 2012 concluding June 2012\" belongs to an action, but the row's action cell is empty",
        "unreadable.csv: row 6, column F \"STATUS ● Complete ● In progress ● Delayed\": \"Complete Complete\" has words after `Complete`",
        "[statuses] \"Local Authority complete\" = \"complete\"",
        "[dates] \"Now\" = \"2012-05\"",
        "6 problems in ",
    ] {
        has(&r.stderr, line);
    }
    assert_eq!(r.stdout, "");
    before.unchanged(dir.path());
    // --dry-run reports the same problems.
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            &fixture("unreadable.csv"),
            "--review",
            "wm-2011",
            "--agency",
            "LSCB",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 1);
    has(&r.stderr, "6 problems in ");
}

#[test]
fn an_unknown_column_is_refused_until_a_map_names_it() {
    let dir = empty_review("wm-2011", "wm-2011");
    let before = snapshot(dir.path());
    let args = [
        "import",
        "csv",
        &fixture("unknown-column.csv"),
        "--review",
        "wm-2011",
        "--agency",
        "LSCB",
    ];
    let r = sct_run(dir.path(), &args);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "row 1, column D \"Colour\": is not a column sct knows",
    );
    before.unchanged(dir.path());
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "[columns]\n\"colour\" = \"ignore\"\n").unwrap();
    let mut with_map = args.to_vec();
    with_map.extend(["--map", map.to_str().unwrap()]);
    let r = sct_run(dir.path(), &with_map);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "wrote plans/wm-2011/overview/01.toml (wm-2011/1)",
    );
    // A broken map file is named with its line.
    std::fs::write(&map, "[colums]\n").unwrap();
    let r = sct_run(dir.path(), &with_map);
    assert_eq!(r.code, 2);
    has(&r.stderr, "map.toml:1:2: error: unknown key `colums`");
}

#[test]
fn dry_run_shows_the_files_and_writes_nothing() {
    let dir = empty_review("wm-2011", "wm-2011");
    let before = snapshot(dir.path());
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            &fixture("wm-lscb.csv"),
            "--review",
            "wm-2011",
            "--agency",
            "LSCB",
            "--section",
            "combined",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "--- plans/wm-2011/lscb/01.toml (wm-2011/1)\n#:schema ../../../schema/recommendation.schema.json\n");
    has(&r.stdout, "\nLSCB chair to write to the DH");
    has(&r.stdout, "dry run: would write 5 files (5 recommendations, 7 actions) into plans/wm-2011; nothing was written\n");
    before.unchanged(dir.path());
}

#[test]
fn importing_the_same_file_twice_is_refused() {
    let dir = empty_review("wm-2011", "wm-2011");
    let args = [
        "import",
        "csv",
        &fixture("wm-lscb.csv"),
        "--review",
        "wm-2011",
        "--agency",
        "LSCB",
        "--section",
        "combined",
    ];
    assert_eq!(sct_run(dir.path(), &args).code, 0);
    let overlap = dir.path().join("more.csv");
    std::fs::write(
        &overlap,
        "Number,Recommendation,Action required,By when\n4,,Another action,May 2012\n5,The LSCB should do more.,An action,June 2012\n",
    )
    .unwrap();
    let before = snapshot(dir.path());
    let r = sct_run(dir.path(), &args);
    assert_eq!(r.code, 1, "{}", r.stdout);
    has(&r.stderr, "wm-lscb.csv: was imported before: wm-2011 already has every recommendation in it (wm-2011/1 is plans/wm-2011/lscb/01.toml)");
    before.unchanged(dir.path());

    // A file that overlaps the review in part names each recommendation it already has.
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            overlap.to_str().unwrap(),
            "--review",
            "wm-2011",
            "--agency",
            "LSCB",
            "--section",
            "combined",
        ],
    );
    assert_eq!(r.code, 1);
    has(&r.stderr, "more.csv: row 2: recommendation wm-2011/4 is already in the review: plans/wm-2011/lscb/04.toml");
    assert!(!r.stderr.contains("wm-2011/5"), "{}", r.stderr);
    before.unchanged(dir.path());
}

#[test]
fn rows_are_checked_against_the_review() {
    let dir = empty_review("wm-2011", "wm-2011");
    let csv = dir.path().join("plan.csv");
    std::fs::write(
        &csv,
        "Review,Agency,Number,Recommendation,Action required,Lead officers,By when\n\
         wm-2011,BHTF,1,A recommendation.,An action,Named nurse,May 2012\n\
         wm-2012,BHFT,2,Another.,An action,Named nurse,May 2012\n\
         wm-2011,BHFT,3,A third.,,Named nurse,May 2012\n\
         wm-2011,BHFT,,,Another action,Named nurse,June 2012\n\
         wm-2011,BHFT,4,A fourth.,An action,,Completed\n\
         wm-2011,BHFT,3,The third again.,An action,Named nurse,May 2012\n",
    )
    .unwrap();
    let before = snapshot(dir.path());
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--review",
            "wm-2011",
        ],
    );
    assert_eq!(r.code, 1);
    for line in [
        "row 2, column B \"Agency\": \"BHTF\" is not an agency declared in wm-2011/review.toml\n  = hint: did you mean BHFT?",
        "row 3, column A \"Review\": \"wm-2012\" belongs to another review than wm-2011",
        "row 4, column F \"Lead officers\": \"Named nurse\" belongs to an action, but the row's action cell is empty",
        "row 6, column G \"By when\": \"Completed\" says it was completed but not when",
        "row 7, column D \"Recommendation\": \"The third again.\" is recommendation wm-2011/3 again, which began at row 4",
    ] {
        has(&r.stderr, line);
    }
    before.unchanged(dir.path());
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_place() {
    let dir = empty_review("wm-2011", "wm-2011");
    let csv = dir.path().join("plan.csv");
    // "–" as Windows-1252 writes it (0x96), as Excel's plain "CSV" does.
    std::fs::write(
        &csv,
        b"Recommendation,Action required\n\"1. A recommendation.\",\"February \x96 April 2012\"\n",
    )
    .unwrap();
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--review",
            "wm-2011",
            "--agency",
            "BHFT",
        ],
    );
    assert_eq!(r.code, 1);
    has(&r.stderr, "plan.csv: row 2, column B \"Action required\": is not UTF-8 text\n  = hint: save the spreadsheet as \"CSV UTF-8\"");
}

#[test]
fn import_needs_an_existing_review() {
    let dir = tree(&[]);
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            &fixture("wm-lscb.csv"),
            "--review",
            "wm-2011",
        ],
    );
    assert_eq!(r.code, 2);
    has(
        &r.stderr,
        "there is no review `wm-2011` in plans\n  = hint: create it first: sct new review wm-2011",
    );
    let r = sct_run(
        dir.path(),
        &[
            "import",
            "csv",
            &fixture("wm-lscb.csv"),
            "--review",
            "demo",
            "--agency",
            "NHS",
        ],
    );
    assert_eq!(r.code, 2);
    has(
        &r.stderr,
        "agency `NHS` is not declared in demo/review.toml",
    );
}

#[test]
fn export_to_standard_output() {
    let r = sct_run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["export", "csv", "--review", "wm-2011"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Review,Section,Agency,Further agencies,Number,Recommendation,Agreed by agency lead,Recommendation finalised by,\
         Recommendation finalised on,Monitoring,Monitoring date,Monitoring by,Action required,Action agency,\
         Lead officers,Start,By when,By when (as written),Review date,Outcome to be achieved,Status,\
         Status (as written),Completed on,Action finalised by,Action finalised on,\
         Actions completed with evidence,Evidence date,Evidence by,Evidence file,Action notes,\
         Action note date,Action note by,Themes"
    );
    has(&r.stdout, "\nwm-2011,combined,PCT,\"BHFT, HWPHT\",10,The current standard for the transfer and summary of GP medical records should be reviewed and a lower target time should be set.,,,,,,,\"PCT and NHS trusts to set new, lower time target for transfer\",");
    let r = sct_run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["export", "csv", "--review", "wm-2012"],
    );
    assert_eq!(r.code, 2);
    has(&r.stderr, "there is no review `wm-2012`");
}
