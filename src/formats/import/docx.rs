//! Word documents (.docx): the tables of `word/document.xml`, read with zip and quick-xml
//! into a grid, as plans are really written:
//! - every table of the body, in order, is a sheet of its own ("table 2");
//! - a cell spanning columns (`gridSpan`) holds its text in its first column;
//! - a cell merged down (`vMerge`) belongs to every row it spans: its text is copied down;
//! - a row that is one cell across the whole table is a heading (`Line::banner`);
//! - a header row marked to repeat on every page is flagged (`tblHeader`);
//! - a cell's paragraphs are one text, one per line; a cell whose paragraphs are all list
//!   items (Word's bullets or numbering, or a typed •) keeps them as items, which the reader
//!   makes one action each in the action column;
//! - an empty cell's shading is kept (`Cell::Shade`): the status column reads it as a RAG
//!   rating;
//! - tracked changes read as if accepted: insertions kept, deletions left out; text boxes
//!   are not read;
//! - a table inside a cell adds its paragraphs to the cell.

use super::grid::{Cell, Grid, Line};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Read;

/// More rows than any plan has (the longest real one has a few hundred): a bound on the
/// memory a hostile document can ask for.
const MAX_ROWS: usize = 100_000;

/// Tables, rows, cells and paragraphs together: a long plan has tens of thousands.
const MAX_PARTS: usize = 500_000;

/// Word's limit: a wider table is not one Word wrote.
const MAX_COLUMNS: usize = 63;

/// `word/document.xml` larger than this is refused: a long plan's is ~2 MB.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The document's tables as one grid; Err says why it cannot be read.
pub fn grid(bytes: &[u8]) -> Result<Grid, String> {
    let xml = document_xml(bytes)?;
    let tables = tables(&xml)?;
    if tables.is_empty() {
        return Err("has no tables: sct reads a plan kept as a table in Word".into());
    }
    let mut grid = Grid::default();
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    if rows > MAX_ROWS {
        return Err(format!(
            "has {rows} table rows; sct reads documents of up to {MAX_ROWS}"
        ));
    }
    for (i, t) in tables.into_iter().enumerate() {
        let w = width(&t);
        if w > MAX_COLUMNS {
            return Err(format!(
                "table {} is {w} columns wide; Word's tables have at most {MAX_COLUMNS}",
                i + 1
            ));
        }
        grid.origins.push(format!("table {}", i + 1));
        grid.lines.extend(lines(i, t));
    }
    Ok(grid)
}

fn document_xml(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err("is an old Word document (.doc): open it in Word and save it as .docx".into());
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("is not a Word document (.docx) sct can read: {e}"))?;
    if zip.index_for_name("word/document.xml").is_none() {
        return Err(if zip.index_for_name("xl/workbook.xml").is_some() {
            "is a workbook, not a Word document: use `sct import xlsx`".into()
        } else {
            "is not a Word document: it has no word/document.xml".into()
        });
    }
    let part = zip
        .by_name("word/document.xml")
        .map_err(|e| format!("word/document.xml cannot be read: {e}"))?;
    let mut xml = String::new();
    part.take(MAX_XML_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| format!("word/document.xml cannot be read: {e}"))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(
            "word/document.xml is larger than 64 MiB unpacked: sct does not read it".into(),
        );
    }
    // UTF-16 without its byte-order mark passes for UTF-8 full of NULs.
    if xml.contains('\0') {
        return Err(
            "word/document.xml is not UTF-8 (it looks like UTF-16): open the document in \
             Word and save it again"
                .into(),
        );
    }
    Ok(xml)
}

#[derive(Debug, Clone, Default)]
struct DocCell {
    paras: Vec<Para>,
    span: usize,
    merge: Merge,
    /// The cell's shading (`w:shd w:fill`), as hex.
    fill: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Para {
    text: String,
    listed: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Debug, Default)]
struct DocRow {
    cells: Vec<DocCell>,
    header: bool,
    before: usize,
}

#[derive(Debug, Default)]
struct Table {
    columns: usize,
    rows: Vec<DocRow>,
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

/// The `w:val` of an element.
fn val(e: &BytesStart) -> Option<String> {
    attr(e, "val")
}

/// An attribute of an element, by its name without the namespace prefix.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == name).then(|| a.value.to_string()))
}

fn on(v: Option<String>) -> bool {
    !matches!(v.as_deref(), Some("0" | "false" | "off"))
}

/// The top-level tables of the document, cell by cell.
fn tables(xml: &str) -> Result<Vec<Table>, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut tables: Vec<Table> = Vec::new();
    // Open tables (nested ones count), whether in a paragraph's text, a deletion, a fallback.
    let mut depth = 0usize;
    let mut in_text = false;
    let mut in_cell_props = false;
    // Tables, rows, cells and paragraphs so far.
    let mut parts = 0usize;
    let mut skip = 0usize;
    let mut para: Option<Para> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("word/document.xml is not XML sct can read: {e}"))?;
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if skip > 0
                    || matches!(
                        name.as_str(),
                        "del" | "Fallback" | "moveFrom" | "txbxContent"
                    )
                {
                    skip += 1;
                    continue;
                }
                let table = tables.last_mut();
                match (name.as_str(), table) {
                    ("tbl" | "tr" | "tc" | "p", _) if parts >= MAX_PARTS => {
                        return Err(format!(
                            "has more than {MAX_PARTS} tables, rows, cells and paragraphs: \
                             not a plan sct reads"
                        ));
                    }
                    ("tbl", _) => {
                        parts += 1;
                        depth += 1;
                        if depth == 1 {
                            tables.push(Table::default());
                        }
                    }
                    ("gridCol", Some(t)) if depth == 1 => t.columns += 1,
                    ("tr", Some(t)) if depth == 1 => {
                        parts += 1;
                        t.rows.push(DocRow::default());
                    }
                    ("tc", Some(t)) if depth == 1 => {
                        parts += 1;
                        if let Some(r) = t.rows.last_mut() {
                            r.cells.push(DocCell {
                                span: 1,
                                ..DocCell::default()
                            });
                        }
                    }
                    ("tblHeader", Some(t)) if depth == 1 => {
                        if let Some(r) = t.rows.last_mut() {
                            r.header = on(val(&e));
                        }
                    }
                    ("gridBefore", Some(t)) if depth == 1 => {
                        if let Some(r) = t.rows.last_mut() {
                            r.before = val(&e).and_then(|v| v.parse().ok()).unwrap_or(0);
                        }
                    }
                    ("gridSpan", Some(t)) if depth == 1 => {
                        if let Some(c) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                            c.span = val(&e).and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
                        }
                    }
                    ("tcPr", _) if depth == 1 => in_cell_props = true,
                    ("shd", Some(t)) if depth == 1 && in_cell_props => {
                        if let Some(c) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                            c.fill = attr(&e, "fill").filter(|f| f != "auto");
                        }
                    }
                    ("vMerge", Some(t)) if depth == 1 => {
                        if let Some(c) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                            c.merge = match val(&e).as_deref() {
                                Some("restart") => Merge::Restart,
                                _ => Merge::Continue,
                            };
                        }
                    }
                    ("p", _) if depth > 0 => {
                        parts += 1;
                        para = Some(Para::default());
                    }
                    ("numPr", _) => {
                        if let Some(p) = &mut para {
                            p.listed = true;
                        }
                    }
                    ("t", _) => in_text = true,
                    ("tab", _) => push(&mut para, " "),
                    ("br" | "cr", _) => push(&mut para, "\n"),
                    ("noBreakHyphen", _) => push(&mut para, "-"),
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "tbl" => depth = depth.saturating_sub(1),
                    "tcPr" => in_cell_props = false,
                    "t" => in_text = false,
                    "p" => {
                        if let (Some(p), Some(t)) = (para.take(), tables.last_mut()) {
                            if let Some(c) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                                c.paras.push(p);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => push(&mut para, &t.xml10_content()),
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(c) => c.to_string(),
                        None => {
                            return Err(format!(
                                "word/document.xml uses the entity &{}; which XML does not \
                                 define: sct cannot tell what it stands for",
                                &*r
                            ))
                        }
                    },
                    Err(e) => return Err(format!("word/document.xml: {e}")),
                };
                push(&mut para, &c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

fn push(para: &mut Option<Para>, s: &str) {
    if let Some(p) = para {
        p.text.push_str(s);
    }
}

/// A typed bullet at the start of a paragraph: "• ", "● ", "- ", "o\t"…
fn typed_bullet(t: &str) -> Option<&str> {
    let t = t.trim_start();
    let rest = t.strip_prefix(['•', '●', '▪', '■', '◦', '·', '-', '–', '*', 'o'])?;
    rest.starts_with([' ', '\t', '\u{a0}'])
        .then(|| rest.trim_start())
}

/// A cell's paragraphs: items when every one is a list item, else one text.
fn cell_of(c: &DocCell) -> Cell {
    let paras: Vec<&Para> = c
        .paras
        .iter()
        .filter(|p| !p.text.trim().is_empty())
        .collect();
    let items: Option<Vec<String>> = paras
        .iter()
        .map(|p| {
            if p.listed {
                Some(p.text.trim().to_string())
            } else {
                typed_bullet(&p.text).map(|r| r.trim().to_string())
            }
        })
        .collect();
    if paras.is_empty() {
        return c.fill.clone().map_or(Cell::Empty, Cell::Shade);
    }
    match items {
        Some(items) if items.len() > 1 => Cell::Items(items),
        Some(items) if items.len() == 1 => Cell::text(items[0].clone()),
        _ => Cell::text(
            paras
                .iter()
                .map(|p| p.text.trim())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    }
}

/// The columns a table's widest row fills, or its grid declares.
fn width(table: &Table) -> usize {
    table
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .fold(r.before, |w, c| w.saturating_add(c.span))
        })
        .max()
        .unwrap_or(0)
        .max(table.columns)
}

/// A table's rows as lines on its grid of columns.
fn lines(origin: usize, table: Table) -> Vec<Line> {
    let width = width(&table);
    // The cell each column's vertical merge began with.
    let mut above: Vec<Option<Cell>> = vec![None; width];
    let mut out = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        let mut cells = vec![Cell::Empty; width];
        let mut col = row.before;
        for c in &row.cells {
            if col >= width {
                break;
            }
            cells[col] = match c.merge {
                Merge::Continue if c.paras.iter().any(|p| !p.text.trim().is_empty()) => Cell::Bad(
                    "is merged into the cell above, yet holds text of its own: unmerge it, \
                         or move its text into the cell above"
                        .into(),
                ),
                Merge::Continue => above[col].clone().unwrap_or(Cell::Empty),
                Merge::Restart => {
                    let v = cell_of(c);
                    above[col] = Some(v.clone());
                    v
                }
                Merge::None => {
                    above[col] = None;
                    cell_of(c)
                }
            };
            col = col.saturating_add(c.span);
        }
        let mut line = Line::new(origin, i + 1, cells);
        line.repeated_header = row.header;
        line.banner = width > 1 && row.cells.len() == 1 && row.cells[0].span >= width;
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        )
    }

    fn p(t: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>")
    }

    fn li(t: &str) -> String {
        format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>")
    }

    fn texts(xml: &str) -> Vec<Vec<Cell>> {
        let t = tables(&doc(xml)).unwrap();
        t.into_iter()
            .enumerate()
            .flat_map(|(i, t)| lines(i, t))
            .map(|l| l.cells)
            .collect()
    }

    fn tx(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn merged_cells_belong_to_every_row_they_span() {
        let rows = texts(&format!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>\
             <w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>{}</w:tc></w:tr>\
             <w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            p("1. Do it"),
            p("First"),
            p("Second"),
            p("2. Then"),
            p("Third")
        ));
        assert_eq!(rows[1], [tx("1. Do it"), tx("Second")]);
        assert_eq!(rows[2], [tx("2. Then"), tx("Third")]);
    }

    #[test]
    fn spans_headings_and_repeated_headers() {
        let t = tables(&doc(&format!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
             <w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>{}</w:tc><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr>{}</w:tc></w:tr></w:tbl>",
            p("A"),
            p("B"),
            p("BHFT")
        )))
        .unwrap();
        let l = lines(0, t.into_iter().next().unwrap());
        assert!(l[0].repeated_header && !l[0].banner);
        assert_eq!(l[0].cells, [tx("A"), tx("B"), Cell::Empty]);
        assert!(l[1].banner);
        assert_eq!(l[1].cells[0], tx("BHFT"));
    }

    #[test]
    fn paragraphs_and_bullets() {
        let rows = texts(&format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc><w:tc>{}{}</w:tc><w:tc>{}{}{}</w:tc><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            li("Train staff"),
            li("Audit files"),
            p("Line one"),
            p("Line two"),
            p("The trust will:"),
            li("train"),
            li("audit"),
            p("• Typed one"),
            p("• Typed two")
        ));
        assert_eq!(
            rows[0],
            [
                Cell::Items(vec!["Train staff".into(), "Audit files".into()]),
                tx("Line one\nLine two"),
                tx("The trust will:\ntrain\naudit"),
                Cell::Items(vec!["Typed one".into(), "Typed two".into()]),
            ]
        );
    }

    #[test]
    fn tracked_changes_read_as_accepted_and_entities_resolve() {
        let rows = texts(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Due </w:t></w:r><w:del><w:r><w:delText>May</w:delText></w:r></w:del>\
             <w:ins><w:r><w:t>June</w:t></w:r></w:ins><w:r><w:tab/><w:t>2012 &amp; &#8220;on&#8221;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        );
        assert_eq!(rows[0], [tx("Due June 2012 & “on”")]);
    }

    #[test]
    fn a_nested_table_adds_to_its_cell_and_tables_are_numbered() {
        let t = tables(&doc(&format!(
            "{}<w:tbl><w:tr><w:tc>{}<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl><w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
            p("Title"),
            p("Outer"),
            p("Inner"),
            p("Second")
        )))
        .unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows.len(), 1);
        let l = lines(0, t.into_iter().next().unwrap());
        assert_eq!(l[0].cells, [tx("Outer\nInner")]);
    }

    #[test]
    fn a_table_wider_than_word_makes_is_refused() {
        let xml = doc(&format!(
            "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"18446744073709551615\"/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            p("A"),
            p("B")
        ));
        let t = tables(&xml).unwrap();
        assert_eq!(width(&t[0]), usize::MAX);
    }

    #[test]
    fn doubts_in_the_xml_are_refused() {
        let e = tables(&doc(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a&nbsp;b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        ))
        .unwrap_err();
        assert!(
            e.contains("the entity &nbsp; which XML does not define"),
            "{e}"
        );
        let many = format!("<w:tbl>{}</w:tbl>", "<w:tr/>".repeat(MAX_PARTS + 1));
        assert!(tables(&doc(&many))
            .unwrap_err()
            .contains("more than 500000"));
        let rows = texts(&format!(
            "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>{}</w:tc></w:tr></w:tbl>",
            p("21. Do it"),
            p("23. Another")
        ));
        assert!(matches!(&rows[1][0], Cell::Bad(m) if m.contains("holds text of its own")));
    }

    #[test]
    fn what_is_not_a_docx_says_so() {
        assert!(grid(b"plain text")
            .unwrap_err()
            .contains("is not a Word document"));
        assert!(grid(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0])
            .unwrap_err()
            .contains("save it as .docx"));
    }
}
