//! Writes one long plan as a Word document and as a workbook, for benches/office.sh: N
//! recommendations of three actions each, the recommendation's cell merged down over its
//! actions, the first action cell a list of two bullets, dates as plans type them.
//!
//!     cargo run --release --example gen-office -- 1000 target/bench/office

use std::io::Write;
use std::path::PathBuf;

const HEADER: [&str; 6] = [
    "Recommendation",
    "Action required",
    "Lead officers",
    "By when",
    "Status",
    "Actions completed with evidence",
];
const DATES: [&str; 4] = ["Sept 08", "31.01.09", "May 2012", "Ongoing"];
const STATUS: [&str; 4] = ["Complete", "In progress", "Delayed", "Green"];

fn p(t: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>")
}

fn li(t: &str) -> String {
    format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>")
}

fn tc(props: &str, paras: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>")
}

fn text(what: &str) -> String {
    format!(
        "{what}: agencies should review how information about the household is shared \
         between health visitors, GPs and children's social care, and audit it"
    )
}

fn docx(n: usize) -> Vec<u8> {
    let mut rows = String::new();
    rows.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for h in HEADER {
        rows.push_str(&tc("", &p(h)));
    }
    rows.push_str("</w:tr>");
    for i in 1..=n {
        for a in 0..2 {
            let merge = if a == 0 {
                "<w:vMerge w:val=\"restart\"/>"
            } else {
                "<w:vMerge/>"
            };
            let rec = if a == 0 {
                p(&format!("{i}. {}", text("Recommendation")))
            } else {
                "<w:p/>".into()
            };
            let action = if a == 0 {
                format!(
                    "{}{}",
                    li(&text("First action")),
                    li(&text("Second action"))
                )
            } else {
                p(&text("Third action"))
            };
            rows.push_str("<w:tr>");
            rows.push_str(&tc(merge, &rec));
            rows.push_str(&tc("", &action));
            rows.push_str(&tc("", &p("Named Nurse")));
            rows.push_str(&tc("", &p(DATES[(i + a) % 4])));
            rows.push_str(&tc("", &p(STATUS[(i + a) % 4])));
            rows.push_str(&tc("", &p(&text("Evidence"))));
            rows.push_str("</w:tr>");
        }
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl>{rows}</w:tbl></w:body></w:document>"
    );
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

fn xlsx(n: usize) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    let plain = rust_xlsxwriter::Format::new();
    for (c, h) in HEADER.iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    for i in 1..=n {
        let r = 1 + 3 * (i as u32 - 1);
        s.merge_range(
            r,
            0,
            r + 2,
            0,
            &format!("{i}. {}", text("Recommendation")),
            &plain,
        )
        .unwrap();
        for a in 0..3u32 {
            let k = i + a as usize;
            s.write_string(r + a, 1, text("Action")).unwrap();
            s.write_string(r + a, 2, "Named Nurse").unwrap();
            s.write_string(r + a, 3, DATES[k % 4]).unwrap();
            s.write_string(r + a, 4, STATUS[k % 4]).unwrap();
            s.write_string(r + a, 5, text("Evidence")).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/bench/office".into()));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(format!("plan-{n}.docx")), docx(n)).unwrap();
    std::fs::write(out.join(format!("plan-{n}.xlsx")), xlsx(n)).unwrap();
}
