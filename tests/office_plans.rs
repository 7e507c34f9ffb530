//! `sct import xlsx` and `sct import docx` on the office plans in docs/ (made by
//! tests/common/office.rs) and on broken copies of them: what each cell becomes in the plan
//! files, and every doubt an error naming the sheet or table, the row and the column.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn docs(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name)
}

/// A folder with an empty review `windsor-lscb` of two agencies.
fn review() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("plans/windsor-lscb");
    std::fs::create_dir_all(&r).unwrap();
    std::fs::write(
        r.join("review.toml"),
        "title = \"LSCB plan\"\nboard = \"W&M LSCB\"\n\n[agencies]\nLSCB = \"W&M LSCB\"\n\
         BHFT = \"Berkshire Healthcare NHS Foundation Trust\"\n",
    )
    .unwrap();
    dir
}

fn import(dir: &Path, kind: &str, file: &Path, more: &[&str]) -> Run {
    let mut args = vec![
        "import",
        kind,
        file.to_str().unwrap(),
        "--review",
        "windsor-lscb",
        "--agency",
        "LSCB",
    ];
    args.extend_from_slice(more);
    sct_run(dir, &args)
}

/// The review's plan files, as TOML values by file name.
fn written(dir: &Path) -> Vec<(String, toml::Table)> {
    let top = dir.join("plans/windsor-lscb");
    let mut out: Vec<(String, toml::Table)> = walkdir::WalkDir::new(&top)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file() && p.file_name().unwrap() != "review.toml")
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.strip_prefix(&top).unwrap().display().to_string(),
                toml::from_str(&text).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn get<'a>(t: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut v: Option<&toml::Value> = None;
    for key in path.split('.') {
        v = match (v, key.parse::<usize>()) {
            (None, _) => t.get(key),
            (Some(toml::Value::Array(a)), Ok(i)) => a.get(i),
            (Some(toml::Value::Table(t)), _) => t.get(key),
            _ => None,
        };
    }
    v
}

#[track_caller]
fn is(t: &toml::Table, path: &str, want: &str) {
    let got = get(t, path).map(|v| match v {
        toml::Value::String(s) => s.clone(),
        v => v.to_string(),
    });
    assert_eq!(got.as_deref(), Some(want), "{path} in {t:#?}");
}

#[test]
fn the_office_plans_in_docs_are_what_the_generator_makes() {
    if std::env::var_os("SCT_UPDATE_DOCS").is_some() {
        std::fs::write(docs("lscb-plan.xlsx"), office::xlsx()).unwrap();
        std::fs::write(docs("lscb-plan.docx"), office::docx()).unwrap();
        returned_workbook();
    }
    let committed = std::fs::read(docs("lscb-plan.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(committed)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert_eq!(
        xml,
        office::document_xml(),
        "SCT_UPDATE_DOCS=1 cargo test --test office_plans"
    );
    assert!(std::fs::metadata(docs("lscb-plan.xlsx")).unwrap().len() > 4000);
}

/// docs/bhft-2012-q2-returned.xlsx: BHFT's return for the README's quarterly cycle, made as
/// the agency makes it: `sct export xlsx` of the bundled plans as at 30 June 2012, two
/// actions filled in by editing the workbook. Its fingerprints hold while those actions
/// stay as they are in plans/; the README's example fails when they do not.
fn returned_workbook() {
    use calamine::Reader;
    let dir = bundled_copy();
    let out = dir.path().join("bhft.xlsx");
    let r = sct_run(
        dir.path(),
        &[
            "export",
            "xlsx",
            "--review",
            "wm-2011",
            "--agency",
            "BHFT",
            "-o",
            "bhft.xlsx",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let range = wb.worksheet_range("Actions").unwrap();
    let head: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    let col = |name: &str| {
        let i = head.iter().position(|h| h == name).unwrap();
        sct::formats::cells::letters(i)
    };
    let (status, evidence, date) = (col("Status"), col("New evidence"), col("Evidence date"));
    let (note, due) = (col("Note"), col("New due date"));
    let row = |id: &str| {
        1 + range
            .rows()
            .position(|r| {
                r.iter()
                    .any(|d| matches!(d, calamine::Data::String(s) if s == id))
            })
            .unwrap()
    };
    let (done, later) = (row("wm-2011/34.4"), row("wm-2011/14.1"));
    use office::Val;
    let cells = [
        format!("{status}{done}"),
        format!("{evidence}{done}"),
        format!("{date}{done}"),
        format!("{note}{later}"),
        format!("{due}{later}"),
    ];
    office::edit_cells(
        &out,
        &[
            (&cells[0], Val::Text("complete")),
            (
                &cells[1],
                Val::Text(
                    "FFTF protocol changes presented at the Safeguarding Forum and sent to \
                     locality managers",
                ),
            ),
            (&cells[2], Val::Number(41_088.0)), // 28 June 2012
            (
                &cells[3],
                Val::Text(
                    "Evaluation tool agreed by the Training subgroup; first results in the \
                     autumn",
                ),
            ),
            (&cells[4], Val::Text("2012-10")),
        ],
    );
    std::fs::copy(&out, docs("bhft-2012-q2-returned.xlsx")).unwrap();
}

#[test]
fn a_workbook_plan_reads_its_dates_merges_ratings_and_sheets() {
    let dir = review();
    let r = import(dir.path(), "xlsx", &docs("lscb-plan.xlsx"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "left out 1 row above the header in sheet \"Plan\"",
    );
    has(
        &r.stdout,
        "left out sheet \"Key\": its columns are not the plan's",
    );
    has(&r.stdout, "imported 3 recommendations with 5 actions from");
    let files = written(dir.path());
    assert_eq!(files.len(), 3, "{files:?}");
    let one = &files[0].1;
    is(one, "number", "1");
    is(one, "agency", "LSCB");
    is(one, "agencies.0", "BHFT");
    // The merged recommendation cell belongs to all three rows.
    assert_eq!(get(one, "actions").unwrap().as_array().unwrap().len(), 3);
    is(one, "actions.0.due", "2008-09");
    is(one, "actions.0.status", "complete");
    is(one, "actions.0.status_text", "Blue");
    is(one, "actions.0.agency", "LSCB");
    is(one, "actions.0.evidence.0.date", "2008-12-31");
    is(one, "actions.1.due", "2009-01-31");
    is(one, "actions.1.status", "in-progress");
    is(one, "actions.1.status_text", "Amber");
    is(one, "actions.1.agency", "BHFT");
    is(one, "actions.2.due", "2012-05-31");
    is(one, "actions.2.status_text", "Green");
    let two = &files[1].1;
    is(two, "actions.0.due_text", "Ongoing");
    is(two, "actions.0.status", "delayed");
    is(two, "actions.0.status_text", "Red");
    assert!(get(two, "actions.0.due").is_none());
    let three = &files[2].1;
    is(three, "agency", "BHFT");
    is(three, "actions.0.due", "2012-06-30");
    let text =
        std::fs::read_to_string(dir.path().join("plans/windsor-lscb").join(&files[0].0)).unwrap();
    has(
        &text,
        "# Imported by `sct import xlsx` from lscb-plan.xlsx, sheet \"Plan\", rows 4–6.",
    );
    let check = sct_run(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_word_plan_reads_its_headings_merges_bullets_and_split_tables() {
    let dir = review();
    let r = import(dir.path(), "docx", &docs("lscb-plan.docx"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "left out table 1: before the plan's header");
    has(&r.stdout, "imported 2 recommendations with 5 actions from");
    let files = written(dir.path());
    let rec21 = &files[0].1;
    is(rec21, "number", "21");
    // The agency heading across the table, not --agency.
    is(rec21, "agency", "BHFT");
    is(
        rec21,
        "text",
        "BHFT should strengthen supervision of health visitors.",
    );
    is(
        rec21,
        "actions.0.description",
        "Revise the supervision policy",
    );
    is(
        rec21,
        "actions.1.description",
        "Brief every health visiting team",
    );
    // Each bullet has the row's other cells.
    is(rec21, "actions.1.due", "2009-01-31");
    is(
        rec21,
        "actions.1.evidence.0.text",
        "Policy ratified by the board",
    );
    is(rec21, "actions.2.description", "Audit supervision records");
    is(rec21, "actions.2.due", "2008-09");
    is(rec21, "actions.2.status", "delayed");
    assert!(get(rec21, "agencies").is_none(), "{rec21:#?}");
    let rec22 = &files[1].1;
    is(rec22, "agency", "BHFT");
    is(rec22, "agencies.0", "LSCB");
    is(rec22, "actions.0.agency", "BHFT");
    // An empty status cell shaded amber.
    is(rec22, "actions.0.status", "in-progress");
    is(rec22, "actions.0.status_text", "Amber");
    is(rec22, "actions.1.agency", "LSCB");
    is(
        rec22,
        "actions.1.evidence.0.text",
        "Audit tool revised.\nFirst audit due July 2012.",
    );
    let text =
        std::fs::read_to_string(dir.path().join("plans/windsor-lscb").join(&files[1].0)).unwrap();
    has(
        &text,
        "# Imported by `sct import docx` from lscb-plan.docx, table 3, rows 2–3.",
    );
    let check = sct_run(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_doubt_in_a_workbook_names_its_sheet_row_and_column_and_writes_nothing() {
    let dir = review();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet().set_name("Actions 2012").unwrap();
    for (c, h) in ["Recommendation", "Action required", "By when", "RAG"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "1. Do it.").unwrap();
    s.write_string(1, 1, "First").unwrap();
    s.write_string(1, 2, "Now").unwrap();
    s.write_string(1, 3, "Green").unwrap();
    s.write_string(2, 1, "Second").unwrap();
    s.write_number(2, 2, 39_692.5).unwrap();
    s.write_string(2, 3, "Amber/Green").unwrap();
    let file = dir.path().join("bad.xlsx");
    wb.save(&file).unwrap();
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "bad.xlsx: sheet \"Actions 2012\", row 2, column C \"By when\": \"Now\" ",
    );
    has(
        &r.stderr,
        "bad.xlsx: sheet \"Actions 2012\", row 3, column C \"By when\": \"39692.5\" is a number, not a date",
    );
    has(
        &r.stderr,
        "bad.xlsx: sheet \"Actions 2012\", row 3, column D \"RAG\": \"Amber/Green\"",
    );
    has(&r.stderr, "3 problems in ");
    has(&r.stderr, "nothing was written");
    assert!(written(dir.path()).is_empty());

    let r = import(dir.path(), "xlsx", &file, &["--sheet", "Plan"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "has no sheet \"Plan\"; its sheets are \"Actions 2012\"",
    );
}

#[test]
fn a_doubt_in_a_word_table_names_its_table_row_and_column_and_writes_nothing() {
    let dir = review();
    let xml = office::document_xml().replace(
        "<w:t xml:space=\"preserve\">Delayed</w:t>",
        "<w:t xml:space=\"preserve\">Local Authority complete</w:t>",
    );
    let file = dir.path().join("bad.docx");
    std::fs::write(&file, office::docx_of(&xml)).unwrap();
    let r = import(dir.path(), "docx", &file, &[]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "bad.docx: table 2, row 4, column F \"Status\": \"Local Authority complete\" is not a status sct knows",
    );
    has(&r.stderr, "1 problem in ");
    assert!(written(dir.path()).is_empty());

    // A status shaded a colour that is no rating.
    let xml = office::document_xml().replace("w:fill=\"FFC000\"", "w:fill=\"7030A0\"");
    std::fs::write(&file, office::docx_of(&xml)).unwrap();
    let r = import(dir.path(), "docx", &file, &[]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "bad.docx: table 3, row 2, column F \"Status\": is empty and shaded #7030A0, not a colour sct reads as a RAG rating",
    );
    assert!(written(dir.path()).is_empty());

    std::fs::write(&file, b"PK\x03\x04 not really").unwrap();
    let r = import(dir.path(), "docx", &file, &[]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "bad.docx: is not a Word document (.docx) sct can read",
    );
}

#[test]
fn the_same_plan_reads_the_same_from_csv_and_from_a_workbook() {
    // The CSV in docs/, written into a workbook cell for cell: the files are the same but
    // for the comment naming where they came from.
    let csv = std::fs::read(docs("lscb-plan.csv")).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_slice());
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    for (r, rec) in rdr.records().enumerate() {
        for (c, cell) in rec.unwrap().iter().enumerate() {
            if !cell.is_empty() {
                s.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    let a = review();
    let b = review();
    let file = a.path().join("plan.xlsx");
    wb.save(&file).unwrap();
    let args = ["--section", "combined"];
    assert_eq!(import(a.path(), "xlsx", &file, &args).code, 0);
    assert_eq!(
        import(b.path(), "csv", &docs("lscb-plan.csv"), &args).code,
        0
    );
    let strip = |d: &Path| -> Vec<(String, String)> {
        written(d)
            .into_iter()
            .map(|(n, t)| (n, toml::to_string(&t).unwrap()))
            .collect()
    };
    assert_eq!(strip(a.path()), strip(b.path()));
    assert_eq!(strip(a.path()).len(), 5);
}

#[test]
fn broken_and_hostile_office_files_are_refused_without_a_panic() {
    use sct::formats::{cells, import::docx};
    // Cut and garbled copies of both plans: every one reads or is refused, none panics.
    let xml = office::document_xml();
    let xlsx = office::xlsx();
    let mut rng = fastrand::Rng::with_seed(17);
    for _ in 0..400 {
        let mut x = xml.clone().into_bytes();
        for _ in 0..rng.usize(1..6) {
            let at = rng.usize(..x.len().max(1));
            if x.is_empty() {
                break;
            }
            match rng.u8(..3) {
                0 => x.truncate(at),
                1 => x[at] = rng.u8(..),
                _ => x.insert(at, *rng.choice(b"<>/&\"=w:".iter()).unwrap()),
            }
        }
        let _ = docx::grid(&office::docx_of(&String::from_utf8_lossy(&x)));
        let mut b = xlsx.clone();
        let at = rng.usize(..b.len());
        b[at] ^= 1 << rng.u8(..8);
        let _ = cells::workbook_sheets(b);
    }
    // A document that unpacks to more than 64 MiB is refused before it is read.
    let dir = review();
    let huge = format!(
        "<w:document xmlns:w=\"x\"><w:body>{}</w:body></w:document>",
        " ".repeat(65 * 1024 * 1024)
    );
    let file = dir.path().join("huge.docx");
    std::fs::write(&file, office::docx_of(&huge)).unwrap();
    let r = import(dir.path(), "docx", &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(
        &r.stderr,
        "word/document.xml is larger than 64 MiB unpacked",
    );
    // A workbook of a few kilobytes naming its last cell would be 17 billion cells laid
    // out: refused before they are, for a plan and for a return alike.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    s.write_string(0, 0, "Recommendation").unwrap();
    s.write_string(1_048_575, 16_383, "x").unwrap();
    let file = dir.path().join("far.xlsx");
    wb.save(&file).unwrap();
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(
        &r.stderr,
        "far.xlsx: sheet \"Sheet1\" spans more than 2000000 cells",
    );
    let r = sct_run(dir.path(), &["import", "returns", file.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    has(&r.stderr, "spans more than 2000000 cells");
    // Each office file given to the other command, and a document with no table.
    let r = import(dir.path(), "xlsx", &docs("lscb-plan.docx"), &[]);
    has(
        &r.stderr,
        "lscb-plan.docx: is a Word document, not a workbook: use `sct import docx`",
    );
    let r = import(dir.path(), "docx", &docs("lscb-plan.xlsx"), &[]);
    has(
        &r.stderr,
        "lscb-plan.xlsx: is a workbook, not a Word document: use `sct import xlsx`",
    );
    let file = dir.path().join("letter.docx");
    std::fs::write(
        &file,
        office::docx_of("<w:document xmlns:w=\"w\"><w:body><w:p/></w:body></w:document>"),
    )
    .unwrap();
    let r = import(dir.path(), "docx", &file, &[]);
    has(
        &r.stderr,
        "letter.docx: has no tables: sct reads a plan kept as a table in Word",
    );
    // A workbook that is not one.
    let file = dir.path().join("plan.xlsx");
    std::fs::write(&file, "Recommendation,Action\n1. Do it.,A\n").unwrap();
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(&r.stderr, "plan.xlsx: is not a workbook sct can read");
}

#[test]
fn a_workbook_on_the_1904_date_system_reads_its_dates_as_excel_shows_them() {
    // Old Mac Excel counts from 1904: 30 June 2012 is 39628 there, 41090 in the 1900 system.
    let dir = review();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let day = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let s = wb.add_worksheet();
    for (c, h) in [
        "Recommendation",
        "Action required",
        "By when",
        "Evidence",
        "Evidence date",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "1. Do it.").unwrap();
    s.write_string(1, 1, "First").unwrap();
    s.write_number_with_format(1, 2, 39_628.0, &day).unwrap();
    s.write_string(1, 3, "Minutes").unwrap();
    s.write_number(1, 4, 39_627.0).unwrap();
    let file = dir.path().join("mac.xlsx");
    wb.save(&file).unwrap();
    office::edit_part(&file, "xl/workbook.xml", |xml| {
        assert!(xml.contains("<workbookPr"), "{xml}");
        xml.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
    });
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = written(dir.path());
    is(&files[0].1, "actions.0.due", "2012-06-30");
    is(&files[0].1, "actions.0.evidence.0.date", "2012-06-29");
}

/// A copy of docs/lscb-plan.xlsx in `dir`, one of its parts rewritten.
fn plan_xlsx_with(dir: &Path, part: &str, edit: impl FnOnce(String) -> String) -> PathBuf {
    let file = dir.join("plan.xlsx");
    std::fs::copy(docs("lscb-plan.xlsx"), &file).unwrap();
    office::edit_part(&file, part, edit);
    file
}

#[test]
fn workbooks_that_declare_more_than_they_hold_are_refused_before_they_are_laid_out() {
    let dir = review();
    // A declared count of shared strings calamine would reserve room for.
    let file = plan_xlsx_with(dir.path(), "xl/sharedStrings.xml", |x| {
        x.replace("uniqueCount=\"39\"", "uniqueCount=\"18446744073709551615\"")
    });
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(
        &r.stderr,
        "plan.xlsx: declares 18446744073709551615 strings",
    );
    let r = sct_run(dir.path(), &["import", "returns", file.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    has(&r.stderr, "declares 18446744073709551615 strings");

    // An ods sheet of one cell repeated 16,384 times across and 600 times down.
    let content = "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
        xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><office:body><office:spreadsheet>\
        <table:table table:name=\"Big\"><table:table-row table:number-rows-repeated=\"600\">\
        <table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16384\"/>\
        </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>";
    let file = dir.path().join("big.ods");
    std::fs::write(
        &file,
        office::zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", content),
        ]),
    )
    .unwrap();
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(
        &r.stderr,
        "big.ods: its sheets hold more than 2000000 cells",
    );

    // One merge repeated a thousand times over two thousand rows.
    let file = plan_xlsx_with(dir.path(), "xl/worksheets/sheet1.xml", |x| {
        let merges = "<mergeCell ref=\"A1:A2000\"/>".repeat(1_001);
        let x = x.replace(
            "<sheetData>",
            "<sheetData><row r=\"2000\"><c r=\"A2000\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        );
        regex::Regex::new(r"<mergeCells[^>]*>.*</mergeCells>")
            .unwrap()
            .replace(&x, format!("<mergeCells>{merges}</mergeCells>"))
            .into_owned()
    });
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(
        &r.stderr,
        "plan.xlsx: sheet \"Plan\" has more merged cells than 2000000",
    );
    assert!(written(dir.path()).is_empty());
}

#[test]
fn a_formula_without_its_value_is_a_problem_not_an_empty_cell() {
    // As some programs save a workbook: the formula, no value. The due date must not vanish.
    let dir = review();
    let file = plan_xlsx_with(dir.path(), "xl/worksheets/sheet1.xml", |x| {
        regex::Regex::new(r#"<c r="F4"[^>]*>.*?</c>"#)
            .unwrap()
            .replace(&x, r#"<c r="F4"><f>DATE(2008,9,1)</f></c>"#)
            .into_owned()
    });
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(
        &r.stderr,
        "plan.xlsx: sheet \"Plan\", row 4, column F \"By when\": is a formula whose value the file does not hold",
    );
}

#[test]
fn a_sheet_name_cannot_pass_for_sct_s_own_words_nor_break_a_plan_file() {
    let dir = review();
    // A quote and a line break in the name of the plan's sheet, an escape in the other's.
    let file = plan_xlsx_with(dir.path(), "xl/workbook.xml", |x| {
        x.replace(
            "name=\"Plan\"",
            "name=\"Pl&quot;an&#10;plan.xlsx: 0 problems\"",
        )
        .replace("name=\"Plan (2)\"", "name=\"Plan&#27;[2J\"")
    });
    let r = import(dir.path(), "xlsx", &file, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "left out 1 row above the header in sheet \"Pl\\\"an plan.xlsx: 0 problems\"\n",
    );
    let files = written(dir.path());
    assert_eq!(files.len(), 3);
    let text =
        std::fs::read_to_string(dir.path().join("plans/windsor-lscb").join(&files[2].0)).unwrap();
    has(
        &text,
        "# Imported by `sct import xlsx` from plan.xlsx, sheet \"Plan␛[2J\", row 2.",
    );
    let check = sct_run(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn an_identifier_split_by_invisible_characters_is_still_refused() {
    let dir = review();
    let xml = office::document_xml().replace(
        "Policy ratified by the board",
        "Policy ratified for NHS 943\u{200b}476\u{200b}5919",
    );
    let file = dir.path().join("plan.docx");
    std::fs::write(&file, office::docx_of(&xml)).unwrap();
    let r = import(dir.path(), "docx", &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(&r.stderr, "personal data: an NHS number");
    assert!(!r.stderr.contains("5919"), "{}", r.stderr);
    assert!(written(dir.path()).is_empty());
}

#[test]
fn xls_and_ods_written_by_other_programs_read_as_the_same_plan() {
    // tests/fixtures/office/make.py: xlwt's BIFF8 and odfpy's OpenDocument (with
    // LibreOffice's padding of empty cells and rows to the sheet's end).
    let read = |name: &str| {
        let dir = review();
        let r = import(
            dir.path(),
            "xlsx",
            &fixtures().join("office").join(name),
            &[],
        );
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        has(
            &r.stdout,
            "left out sheet \"Key\": its columns are not the plan's",
        );
        has(&r.stdout, "imported 2 recommendations with 4 actions");
        written(dir.path())
    };
    let xls = read("plan.xls");
    let ods = read("plan.ods");
    assert_eq!(xls, ods);
    let one = &xls[0].1;
    is(one, "agencies.0", "BHFT");
    is(one, "actions.0.due", "2008-09");
    is(one, "actions.1.agency", "BHFT");
    is(one, "actions.1.due", "2009-01-31");
    is(one, "actions.2.due", "2012-05-31");
    is(one, "actions.2.status_text", "Green");
    is(&xls[1].1, "actions.0.status", "delayed");
}
