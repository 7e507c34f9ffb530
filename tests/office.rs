//! The office round trip: a return workbook exported for an agency, filled in by editing
//! the workbook itself (its sheet XML, inside the xlsx zip, as a spreadsheet program
//! would save it), and imported back as one attributed commit.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::git::GitPlans;
use common::has;
use common::office::{edit_cells, Val};
use std::io::Read;
use std::path::Path;

/// A sealed git copy of the bundled plans (plans/ at the top of the repository),
/// committed on 2012-01-15 by Ann Officer.
fn bundled() -> GitPlans {
    let dir = common::bundled_copy();
    let g = GitPlans { dir };
    g.git("2012-01-15", &["init", "-q", "-b", "main"]);
    g.commit_all("2012-01-15", "Plans as agreed");
    g
}

const DAY: &str = "2012-06-30";

fn sheet_xml(path: &Path) -> String {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zin.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The Actions sheet as text cells (dates as "date:SERIAL").
fn cells(path: &Path) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    assert_eq!(wb.sheet_names(), ["Actions", "How to fill in"]);
    let range = wb.worksheet_range("Actions").unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::DateTime(dt) => format!("date:{}", dt.as_f64()),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn col(head: &[String], name: &str) -> usize {
    head.iter().position(|h| h == name).unwrap()
}

/// The spreadsheet reference of row `row` (from 0 in `cells`) and column `c`.
fn at(c: usize, row: usize) -> String {
    format!("{}{}", (b'A' + c as u8) as char, row + 1)
}

#[test]
fn a_return_exported_for_bhft_filled_in_and_imported_is_one_attributed_commit() {
    let g = bundled();
    let book = g.file("bhft.xlsx");
    let r = g.sct(
        DAY,
        &["export", "xlsx", "--agency", "BHFT", "-o", "bhft.xlsx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "wrote bhft.xlsx (");

    let rows = cells(&book);
    let head = &rows[0];
    for name in [
        "ID",
        "Review",
        "Recommendation",
        "Action",
        "Lead",
        "Due",
        "State",
        "Days overdue",
        "Last evidence",
        "Status",
        "New evidence",
        "Evidence date",
        "Evidence file",
        "Note",
        "New due date",
    ] {
        assert!(head.iter().any(|h| h == name), "no column {name}: {head:?}");
    }
    let (id, due, state) = (col(head, "ID"), col(head, "Due"), col(head, "State"));
    assert!(rows.len() > 2, "BHFT has open actions: {rows:?}");
    for r in &rows[1..] {
        assert!(r[id].starts_with("wm-2011/"), "{r:?}");
        assert_ne!(r[state], "completed", "{r:?}");
    }
    // Due dates are real Excel dates.
    assert!(
        rows[1..].iter().any(|r| r[due].starts_with("date:")),
        "{rows:?}"
    );
    let xml = sheet_xml(&book);
    has(&xml, "<sheetProtection");
    has(&xml, r#"state="frozen""#);
    has(&xml, r#"hidden="1""#);
    has(&xml, "<dataValidation ");
    // Made as at the day it is for: the same plans that day give the same bytes.
    let mut core = String::new();
    zip::ZipArchive::new(std::fs::File::open(&book).unwrap())
        .unwrap()
        .by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    has(&core, ">2012-06-30T00:00:00Z</dcterms:created>");
    has(&xml, "not-started,in-progress,delayed,ongoing,complete");

    // Fill in two actions, as the agency's lead would in a spreadsheet program.
    let (a_id, b_id) = (rows[1][id].clone(), rows[2][id].clone());
    let status = col(head, "Status");
    let evidence = col(head, "New evidence");
    let edate = col(head, "Evidence date");
    let note = col(head, "Note");
    let new_due = col(head, "New due date");
    let e1 = at(status, 1);
    let e2 = at(evidence, 1);
    let e3 = at(edate, 1);
    let e4 = at(note, 2);
    let e5 = at(new_due, 2);
    edit_cells(
        &book,
        &[
            (e1.as_str(), Val::Text("complete")),
            (
                e2.as_str(),
                Val::Text("Audit of referrals reported to the board"),
            ),
            // 2012-06-15 as Excel stores it: a serial number in a date-formatted cell.
            (e3.as_str(), Val::Number(41075.0)),
            (
                e4.as_str(),
                Val::Text("Training rolled out to two of three teams"),
            ),
            (e5.as_str(), Val::Text("2012-12")),
        ],
    );
    // The other rows, the locks and the fingerprints are as exported.
    let edited = cells(&book);
    assert_eq!(edited.len(), rows.len());
    assert_eq!(edited[1][status], "complete");

    let before: Vec<String> = ["HEAD"]
        .iter()
        .map(|r| g.git(DAY, &["rev-parse", r]))
        .collect();
    let dry = g.sct(DAY, &["import", "returns", "bhft.xlsx", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    has(&dry.stdout, &format!("{a_id}: "));
    has(&dry.stdout, "→ complete");
    has(&dry.stdout, "evidence added");
    has(&dry.stdout, &format!("{b_id}: due "));
    has(&dry.stdout, "note added");
    has(&dry.stdout, "dry run: would change 2 actions");
    assert_eq!(g.git(DAY, &["status", "--porcelain", "plans"]), "");

    let r = g.sct(
        DAY,
        &[
            "import",
            "returns",
            "bhft.xlsx",
            "--commit",
            "--author",
            "Jo Lead <jo.lead@bhft.example>",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "committed ");
    assert_ne!(g.git(DAY, &["rev-parse", "HEAD"]), before[0]);
    // One commit, authored by the returner, committed by the person applying it.
    let who = g.git(DAY, &["log", "-1", "--format=%an <%ae>|%cn <%ce>"]);
    assert_eq!(
        who.trim(),
        "Jo Lead <jo.lead@bhft.example>|Ann Officer <ann@lscb.example>"
    );
    let msg = g.git(DAY, &["log", "-1", "--format=%B"]);
    has(&msg, "Return from BHFT (bhft.xlsx): 2 actions");
    has(&msg, &a_id);
    has(&msg, &b_id);
    assert_eq!(
        g.git(DAY, &["rev-list", "--count", "HEAD"]).trim(),
        "2",
        "one commit for the return"
    );

    // The plan files say what the return said.
    let changed = g.git(DAY, &["show", "--name-only", "--format=", "HEAD"]);
    let changed: Vec<&str> = changed.lines().collect();
    let file_of = |id: &str| {
        let (rec, _) = id.rsplit_once('.').unwrap();
        let num = rec.rsplit_once('/').unwrap().1;
        let f = changed
            .iter()
            .find(|f| f.ends_with(&format!("/{num}.toml")))
            .unwrap_or_else(|| panic!("{id} not in the commit: {changed:?}"));
        assert!(f.starts_with("plans/wm-2011/"), "{f}");
        f.to_string()
    };
    assert!(changed.len() <= 2, "{changed:?}");
    let a_text = g.read(&file_of(&a_id));
    has(&a_text, "status = \"complete\"");
    has(&a_text, "completed = 2012-06-15");
    has(
        &a_text,
        "text = \"Audit of referrals reported to the board\"",
    );
    has(&a_text, "date = 2012-06-15");
    let b_text = g.read(&file_of(&b_id));
    has(&b_text, "due = \"2012-12\"");
    has(
        &b_text,
        "text = \"Training rolled out to two of three teams\"",
    );
    let check = g.sct(DAY, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);

    // `sct log` tells the return's story, under the returner's name.
    let log = g.sct(DAY, &["log", &a_id]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    has(&log.stdout, "Jo Lead");
    has(&log.stdout, "complete");

    // The same return again changes nothing, and says so.
    let head_now = g.git(DAY, &["rev-parse", "HEAD"]);
    let again = g.sct(DAY, &["import", "returns", "bhft.xlsx", "--commit"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    has(&again.stdout, "nothing to change");
    assert_eq!(g.git(DAY, &["rev-parse", "HEAD"]), head_now);
    assert_eq!(g.git(DAY, &["status", "--porcelain", "plans"]), "");
}

#[test]
fn a_row_whose_action_changed_since_the_export_is_refused_by_name() {
    let g = bundled();
    let book = g.file("bhft.xlsx");
    let r = g.sct(
        DAY,
        &["export", "xlsx", "--agency", "BHFT", "-o", "bhft.xlsx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = cells(&book);
    let head = &rows[0];
    let id = rows[1][col(head, "ID")].clone();
    // Meanwhile, at the board, the action moves on.
    let u = g.sct(
        DAY,
        &["update", &id, "--note", "Chased at the board", "--commit"],
    );
    assert_eq!(u.code, 0, "{}", u.stderr);
    let head_now = g.git(DAY, &["rev-parse", "HEAD"]);
    let n = at(col(head, "New evidence"), 1);
    edit_cells(&book, &[(n.as_str(), Val::Text("Policy reissued"))]);
    let r = g.sct(DAY, &["import", "returns", "bhft.xlsx", "--commit"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    has(&r.stderr, "sheet \"Actions\", row 2, column A (ID)");
    has(
        &r.stderr,
        &format!("{id} changed in the plans since this return was exported"),
    );
    has(&r.stderr, "nothing was written");
    assert_eq!(g.git(DAY, &["rev-parse", "HEAD"]), head_now);
    assert_eq!(g.git(DAY, &["status", "--porcelain", "plans"]), "");
}

#[test]
fn an_unreadable_cell_or_an_unknown_id_refuses_the_whole_return() {
    let g = bundled();
    let book = g.file("bhft.xlsx");
    let r = g.sct(
        DAY,
        &["export", "xlsx", "--agency", "BHFT", "-o", "bhft.xlsx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = cells(&book);
    let head = &rows[0];
    let (status, id, edate) = (
        col(head, "Status"),
        col(head, "ID"),
        col(head, "Evidence date"),
    );
    let c1 = at(status, 1);
    let c2 = at(id, 2);
    let c3 = at(status, 2);
    let c4 = at(edate, 3);
    let c5 = at(col(head, "New evidence"), 3);
    edit_cells(
        &book,
        &[
            (c1.as_str(), Val::Text("Done")),
            (c2.as_str(), Val::Text("wm-2011/99.1")),
            (c3.as_str(), Val::Text("complete")),
            (c4.as_str(), Val::Text("soon")),
            (c5.as_str(), Val::Text("Minutes")),
        ],
    );
    let r = g.sct(DAY, &["import", "returns", "bhft.xlsx"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    has(
        &r.stderr,
        &format!(
            "sheet \"Actions\", row 2, column {} (Status): error: `Done` is not a status",
            letter(status)
        ),
    );
    has(
        &r.stderr,
        &format!(
            "sheet \"Actions\", row 4, column {} (Evidence date): error: `soon`",
            letter(edate)
        ),
    );
    has(&r.stderr, "the return was refused, and nothing was written");
    assert_eq!(g.git(DAY, &["status", "--porcelain", "plans"]), "");

    // With the cells put right, the unknown ID is named by its row.
    edit_cells(
        &book,
        &[
            (c1.as_str(), Val::Text("delayed")),
            (c4.as_str(), Val::Number(41075.0)),
        ],
    );
    let r = g.sct(DAY, &["import", "returns", "bhft.xlsx"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    has(&r.stderr, "sheet \"Actions\", row 3, column A (ID)");
    has(&r.stderr, "wm-2011/99");
    assert_eq!(g.git(DAY, &["status", "--porcelain", "plans"]), "");
}

#[test]
fn a_return_in_csv_is_read_by_its_headers() {
    let g = bundled();
    let r = g.sct(
        DAY,
        &["export", "xlsx", "--agency", "BHFT", "-o", "bhft.xlsx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = cells(&g.file("bhft.xlsx"));
    let id = rows[1][col(&rows[0], "ID")].clone();
    g.write(
        "bhft.csv",
        &format!("ID,Status,New evidence,Evidence date\n{id},In progress,Audit begun,15/06/2012\n"),
    );
    let r = g.sct(DAY, &["import", "returns", "bhft.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, &format!("{id}: "));
    has(&r.stdout, "evidence added");
    let t = g.sct(DAY, &["show", &id]);
    has(&t.stdout, "Audit begun");
}

fn letter(c: usize) -> char {
    (b'A' + c as u8) as char
}

#[test]
fn without_author_the_commit_is_the_agency_contacts() {
    let g = bundled();
    let review = g.read("plans/wm-2011/review.toml");
    g.write(
        "plans/wm-2011/review.toml",
        &format!(
            "{review}\n[contacts]\nBHFT = [\"BHFT Safeguarding <safeguarding@bhft.example>\"]\n"
        ),
    );
    g.commit_all(DAY, "BHFT's contact");
    let book = g.file("bhft.xlsx");
    let r = g.sct(
        DAY,
        &["export", "xlsx", "--agency", "BHFT", "-o", "bhft.xlsx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = cells(&book);
    let head = &rows[0];
    let n = at(col(head, "Note"), 1);
    edit_cells(
        &book,
        &[(n.as_str(), Val::Text("Audit booked for September"))],
    );
    let r = g.sct(DAY, &["import", "returns", "bhft.xlsx", "--commit"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let who = g.git(DAY, &["log", "-1", "--format=%an <%ae>|%cn"]);
    assert_eq!(
        who.trim(),
        "BHFT Safeguarding <safeguarding@bhft.example>|Ann Officer"
    );
}
