//! The office plans in docs/ (`lscb-plan.xlsx`, `lscb-plan.docx`), made as boards make
//! them: a workbook with a title above the header, merged cells, real-world dates typed as
//! text, date cells and bare Excel serials, RAG ratings, a continuation sheet and a colour
//! key; a Word document with a document-control table, a header row repeated on every
//! page, agency headings across the table, recommendation cells merged down, bulleted
//! actions, a status rated by the cell's colour alone and a table split in two.
//!
//! `SCT_UPDATE_DOCS=1 cargo test --test office_plans` writes them again; the tests read the
//! committed files.

#![allow(dead_code)]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::{Read, Write};
use std::path::Path;

pub const HEADER: [&str; 9] = [
    "No",
    "Recommendation",
    "Action required",
    "Lead agency",
    "Lead officer",
    "By when",
    "RAG",
    "Evidence",
    "Evidence date",
];

pub fn xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let date = |y, m, d| ExcelDateTime::from_ymd(y, m, d).unwrap();

    let s = wb.add_worksheet().set_name("Plan").unwrap();
    s.merge_range(
        0,
        0,
        0,
        8,
        "Windsor and Maidenhead LSCB: serious case review action plan",
        &title,
    )
    .unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        s.write_string_with_format(2, c as u16, *h, &bold).unwrap();
        s.set_column_width(c as u16, if c == 1 || c == 2 { 40 } else { 14 })
            .unwrap();
    }
    // Recommendation 1: its number and text merged down across its three actions; the
    // second action is the trust's, the others the board's.
    s.merge_range(3, 0, 5, 0, "1", &wrap).unwrap();
    s.merge_range(
        3,
        1,
        5,
        1,
        "The LSCB should ensure that agencies improve their engagement with fathers and \
         other male carers.",
        &wrap,
    )
    .unwrap();
    let rows: [(&str, &str, &str); 3] = [
        (
            "Review the assessment documents of all agencies",
            "LSCB",
            "LSCB Chair",
        ),
        (
            "Audit the health visiting assessment tool for male carers",
            "BHFT",
            "Named Nurse",
        ),
        (
            "Include male carers in all multi-agency training",
            "LSCB",
            "Training sub-group",
        ),
    ];
    for (i, (action, agency, lead)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        s.write_string_with_format(r, 2, *action, &wrap).unwrap();
        s.write_string(r, 3, *agency).unwrap();
        s.write_string(r, 4, *lead).unwrap();
    }
    // Dates as plans type them, a date cell, and a date cell's serial left in General.
    s.write_string(3, 5, "Sept 08").unwrap();
    s.write_string(4, 5, "31.01.09").unwrap();
    s.write_datetime_with_format(5, 5, date(2012, 5, 31), &day)
        .unwrap();
    s.write_string(3, 6, "Blue").unwrap();
    s.write_string(4, 6, "Amber").unwrap();
    s.write_string(5, 6, "Green").unwrap();
    s.write_string_with_format(3, 7, "Assessment documents reviewed", &wrap)
        .unwrap();
    s.write_number(3, 8, 39_813.0).unwrap(); // 31/12/2008, the serial of a pasted date
    s.write_string(6, 0, "2").unwrap();
    s.write_string_with_format(
        6,
        1,
        "The LSCB should produce guidance on concealed pregnancy.",
        &wrap,
    )
    .unwrap();
    s.write_string_with_format(6, 2, "Ask the Pan-Berkshire procedures group for it", &wrap)
        .unwrap();
    s.write_string(6, 3, "LSCB").unwrap();
    s.write_string(6, 4, "LSCB Chair").unwrap();
    s.write_string(6, 5, "Ongoing").unwrap();
    s.write_string(6, 6, "Red").unwrap();

    // Recommendation 3 went on to a sheet of its own, its header repeated.
    let s = wb.add_worksheet().set_name("Plan (2)").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        s.write_string_with_format(0, c as u16, *h, &bold).unwrap();
    }
    s.write_string(1, 0, "3").unwrap();
    s.write_string(
        1,
        1,
        "Health visitors should record who lives in the household.",
    )
    .unwrap();
    s.write_string(1, 2, "Audit household composition records")
        .unwrap();
    s.write_string(1, 3, "Berkshire Healthcare NHS Foundation Trust")
        .unwrap();
    s.write_string(1, 4, "Named Nurse").unwrap();
    s.write_number(1, 5, 41_090.0).unwrap(); // 30/06/2012 as a bare serial
    s.write_string(1, 6, "Green").unwrap();

    // The colour key is not the plan.
    let s = wb.add_worksheet().set_name("Key").unwrap();
    for (r, (k, v)) in [
        ("Blue", "Complete"),
        ("Green", "On track"),
        ("Amber", "At risk"),
        ("Red", "Delayed"),
    ]
    .iter()
    .enumerate()
    {
        s.write_string(r as u32, 0, *k).unwrap();
        s.write_string(r as u32, 1, *v).unwrap();
    }
    let mut props = rust_xlsxwriter::DocProperties::new();
    props = props.set_creation_datetime(&date(2012, 6, 29));
    wb.set_properties(&props);
    wb.save_to_buffer().unwrap()
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn p(t: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>")
}

fn bullet(t: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/><w:numPr><w:ilvl w:val=\"0\"/>\
         <w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"
    )
}

/// A cell: its properties (`<w:vMerge/>`…) and paragraphs.
fn tc(props: &str, paras: &str) -> String {
    let paras = if paras.is_empty() { "<w:p/>" } else { paras };
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>")
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

const DOC_HEADER: [&str; 7] = [
    "Recommendation",
    "Action required",
    "Lead agency",
    "Lead officers",
    "By when",
    "Status",
    "Actions completed with evidence",
];

fn header_row() -> String {
    let cells: Vec<String> = DOC_HEADER
        .iter()
        .map(|h| {
            tc(
                "",
                &format!("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{h}</w:t></w:r></w:p>"),
            )
        })
        .collect();
    format!(
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>{}</w:tr>",
        cells.concat()
    )
}

fn table(rows: &[String]) -> String {
    let grid = "<w:gridCol w:w=\"2000\"/>".repeat(DOC_HEADER.len());
    format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/>\
         </w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>",
        rows.concat()
    )
}

fn banner(t: &str) -> String {
    tr(&[tc(
        &format!("<w:gridSpan w:val=\"{}\"/>", DOC_HEADER.len()),
        &p(t),
    )])
}

pub fn document_xml() -> String {
    let restart = "<w:vMerge w:val=\"restart\"/>";
    let cont = "<w:vMerge/>";
    let control = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{}{}</w:tbl>",
        tr(&[tc("", &p("Version")), tc("", &p("Date"))]),
        tr(&[tc("", &p("3 (monitoring)")), tc("", &p("29 June 2012"))])
    );
    let first = table(&[
        header_row(),
        banner("Berkshire Healthcare NHS Foundation Trust"),
        // 21: merged down over two rows; the first row's action cell lists two actions.
        tr(&[
            tc(
                restart,
                &p("21. BHFT should strengthen supervision of health visitors."),
            ),
            tc(
                "",
                &format!(
                    "{}{}",
                    bullet("Revise the supervision policy"),
                    bullet("Brief every health visiting team")
                ),
            ),
            tc("", ""),
            tc("", &p("Named Nurse")),
            tc("", &p("31.01.09")),
            tc("", &p("Complete")),
            tc("", &p("Policy ratified by the board")),
        ]),
        tr(&[
            tc(cont, ""),
            tc("", &p("Audit supervision records")),
            tc("", ""),
            tc("", &p("Named Nurse")),
            tc("", &p("Sept 08")),
            tc("", &p("Delayed")),
            tc("", ""),
        ]),
    ]);
    let second = table(&[
        // The table split at a page, its header typed again.
        header_row(),
        // 22: a recommendation to the trust whose second action is the board's.
        tr(&[
            tc(
                restart,
                &p("22. Agencies should share records of missed appointments."),
            ),
            tc("", &p("Report missed appointments to the GP")),
            tc("", ""),
            tc("", &p("Named Nurse")),
            tc("", &p("May 2012")),
            // Rated by colour alone: amber.
            tc(
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"FFC000\"/>",
                "",
            ),
            tc("", ""),
        ]),
        tr(&[
            tc(cont, ""),
            tc("", &p("Add missed appointments to the multi-agency audit")),
            tc("", &p("LSCB")),
            tc("", &p("LSCB Chair")),
            tc("", &p("Ongoing")),
            tc("", &p("Ongoing")),
            tc(
                "",
                &format!(
                    "{}{}",
                    p("Audit tool revised."),
                    p("First audit due July 2012.")
                ),
            ),
        ]),
    ]);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"{W}\"><w:body>{}{}{}{}{}<w:sectPr/></w:body></w:document>",
        p("Windsor and Maidenhead LSCB: serious case review action plan"),
        control,
        p(""),
        first,
        second
    )
}

const NUMBERING: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>\
<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{2022}\"/><w:lvlJc w:val=\"left\"/>\
<w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>\
<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

const DOC_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
</Relationships>";

/// A zip of these parts, dated as the fixtures are.
pub fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::from_date_and_time(2012, 6, 29, 12, 0, 0).unwrap());
    for (name, text) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// A .docx of `document` (word/document.xml), with the parts Word needs to open it.
pub fn docx_of(document: &str) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/numbering.xml", NUMBERING),
        ("word/document.xml", document),
    ])
}

pub fn docx() -> Vec<u8> {
    docx_of(&document_xml())
}

/// A cell's new value, as a spreadsheet program saves it.
pub enum Val<'a> {
    Text(&'a str),
    Number(f64),
}

/// Edits cells of the first sheet in place: the workbook's other parts are copied as they
/// are, and each edited cell keeps its style (so its lock and date format).
pub fn edit_cells(path: &Path, edits: &[(&str, Val)]) {
    edit_part(path, "xl/worksheets/sheet1.xml", |mut xml| {
        for (cell, val) in edits {
            let re = regex::Regex::new(&format!(
                r#"<c r="{cell}"( s="\d+")?( t="\w+")?\s*(/>|>.*?</c>)"#
            ))
            .unwrap();
            let caps = re
                .captures(&xml)
                .unwrap_or_else(|| panic!("no cell {cell} in the sheet"));
            let style = caps.get(1).map_or("", |m| m.as_str()).to_string();
            let new = match val {
                Val::Text(t) => format!(
                    r#"<c r="{cell}"{style} t="inlineStr"><is><t>{}</t></is></c>"#,
                    t.replace('&', "&amp;").replace('<', "&lt;")
                ),
                Val::Number(n) => format!(r#"<c r="{cell}"{style}><v>{n}</v></c>"#),
            };
            xml = re.replace(&xml, regex::NoExpand(&new)).into_owned();
        }
        xml
    });
}

/// Rewrites one XML part of an office file in place, the others copied as they are.
pub fn edit_part(path: &Path, part: &str, edit: impl FnOnce(String) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut edit = Some(edit);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            let edit = edit.take().unwrap();
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(edit.is_none(), "no part {part} in {}", path.display());
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}
