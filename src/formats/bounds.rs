//! What an office file unpacks to, bounded before a reader lays it out. A few kilobytes of
//! xlsx, ods or xls can declare billions of cells or strings, and calamine believes what it
//! is told (it reserves a workbook's declared count of shared strings, builds an ods sheet's
//! repeated cells, allocates an xls sheet's declared dimensions): the file is checked here
//! first, against what any real plan needs, and refused with a reason.

use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// The most one part of a zip container may unpack to (a long plan's sheet is ~2 MB).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most all parts together may unpack to.
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// The most parts a container may hold (a workbook has tens).
const MAX_PARTS: usize = 10_000;
/// The most cells a workbook may hold or declare (a long plan has a few tens of thousands).
pub const MAX_CELLS: u64 = 2_000_000;

/// What the check learnt of a workbook on the way.
#[derive(Debug, Default)]
pub struct Facts {
    /// xl/workbook.xml's settings put it on the 1904 date system (see `cells::Sheet`).
    pub date1904: bool,
}

/// Checks a workbook of any kind (xlsx, ods, xls), by its first bytes.
pub fn workbook(bytes: &[u8]) -> Result<Facts, String> {
    let mut facts = Facts::default();
    if bytes.starts_with(b"PK") {
        let parts = zip_parts(bytes)?;
        if parts.contains_key("word/document.xml") {
            return Err("is a Word document, not a workbook: use `sct import docx`".into());
        }
        if let Some(xml) = parts.get("xl/sharedStrings.xml") {
            shared_strings(xml)?;
        }
        if let Some(xml) = parts.get("content.xml") {
            ods_content(xml)?;
        }
        facts.date1904 = parts.get("xl/workbook.xml").is_some_and(|x| date1904(x));
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        xls(bytes)?;
    }
    Ok(facts)
}

/// Every part of a zip container, unpacked within the bounds (what a part's header says of
/// its size is not trusted); the XML parts the checks read, as text (a Word document's
/// part, empty, only to tell it apart).
fn zip_parts(bytes: &[u8]) -> Result<std::collections::HashMap<String, String>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("is not a workbook sct can read: {e}"))?;
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "holds {} parts; a workbook has tens, and sct reads up to {MAX_PARTS}",
            zip.len()
        ));
    }
    let mut total = 0u64;
    let mut wanted = std::collections::HashMap::new();
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| format!("is not a workbook sct can read: {e}"))?;
        let name = part.name().unwrap_or_default().to_string();
        let keep = matches!(
            name.as_str(),
            "xl/sharedStrings.xml" | "content.xml" | "xl/workbook.xml"
        );
        let mut text = Vec::new();
        let n = if keep {
            (&mut part)
                .take(MAX_PART_BYTES + 1)
                .read_to_end(&mut text)
                .map(|n| n as u64)
        } else {
            std::io::copy(
                &mut (&mut part).take(MAX_PART_BYTES + 1),
                &mut std::io::sink(),
            )
        }
        .map_err(|e| format!("its part {name} cannot be unpacked: {e}"))?;
        if n > MAX_PART_BYTES {
            return Err(format!(
                "its part {name} unpacks to more than 64 MiB: not a plan sct reads"
            ));
        }
        total += n;
        if total > MAX_TOTAL_BYTES {
            return Err("unpacks to more than 256 MiB: not a plan sct reads".into());
        }
        if name == "word/document.xml" {
            wanted.insert(name.clone(), String::new());
        }
        if keep {
            let text =
                String::from_utf8(text).map_err(|_| format!("its part {name} is not UTF-8 XML"))?;
            wanted.insert(name, text);
        }
    }
    Ok(wanted)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == name).then(|| a.value.to_string()))
}

/// A count in an attribute: absent is `default`, anything unreadable is more than any bound.
fn count(e: &BytesStart, name: &str, default: u64) -> u64 {
    attr(e, name).map_or(default, |v| v.trim().parse().unwrap_or(u64::MAX))
}

/// Whether xl/workbook.xml's settings (`<workbookPr date1904="1"/>`) put the workbook on
/// the 1904 date system.
fn date1904(xml: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "workbookPr" => {
                return attr(&e, "date1904").is_some_and(|v| v == "1" || v == "true");
            }
            Ok(Event::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

/// xl/sharedStrings.xml: the counts it declares (calamine reserves room for them).
fn shared_strings(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let declared = count(&e, "uniqueCount", 0).max(count(&e, "count", 0));
                if declared > MAX_CELLS {
                    return Err(format!(
                        "declares {declared} strings; sct reads workbooks of up to {MAX_CELLS} cells"
                    ));
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
}

/// An ods workbook's content.xml: the cells its repeated rows and columns make, and the
/// extent of each sheet, as calamine would lay them out.
fn ods_content(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut total = 0u64;
    // The sheet's rows so far, its last row and column with a value, the row's cells.
    let (mut row, mut last_row, mut last_col) = (0u64, 0u64, 0u64);
    let (mut rows_repeated, mut col, mut valued) = (1u64, 0u64, 0u64);
    let too_many = |what: &str| format!("its sheets {what}: not a plan sct reads");
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("its content.xml is not XML sct can read: {e}"))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "table" => (row, last_row, last_col) = (0, 0, 0),
                "table-row" => {
                    rows_repeated = count(&e, "number-rows-repeated", 1);
                    (col, valued) = (0, 0);
                }
                "table-cell" | "covered-table-cell" => {
                    let n = count(&e, "number-columns-repeated", 1);
                    col = col.saturating_add(n);
                    if attr(&e, "value-type").is_some() {
                        valued = valued.saturating_add(n);
                        last_col = last_col.max(col);
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "table-row" => {
                row = row.saturating_add(rows_repeated);
                if valued > 0 {
                    total = total.saturating_add(valued.saturating_mul(rows_repeated));
                    last_row = row;
                }
                if total > MAX_CELLS {
                    return Err(too_many(&format!("hold more than {MAX_CELLS} cells")));
                }
                if last_row.saturating_mul(last_col) > MAX_CELLS {
                    return Err(too_many(&format!("span more than {MAX_CELLS} cells")));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// An xls workbook: the dimensions each sheet declares (calamine allocates them).
fn xls(bytes: &[u8]) -> Result<(), String> {
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes))
        .map_err(|e| format!("is not a workbook sct can read: {e}"))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or("is not an Excel workbook: it has no Workbook stream")?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .map_err(|e| format!("its Workbook stream cannot be read: {e}"))?
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut stream)
        .map_err(|e| format!("its Workbook stream cannot be read: {e}"))?;
    if stream.len() as u64 > MAX_PART_BYTES {
        return Err("its Workbook stream is larger than 64 MiB: not a plan sct reads".into());
    }
    let u16_at = |i: usize| u16::from_le_bytes([stream[i], stream[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([stream[i], stream[i + 1], stream[i + 2], stream[i + 3]]);
    let mut i = 0;
    while i + 4 <= stream.len() {
        let (kind, len) = (u16_at(i), usize::from(u16_at(i + 2)));
        let body = i + 4;
        if body + len > stream.len() {
            break;
        }
        // DIMENSIONS: the first and one-past-last row and column of the sheet's cells.
        let dims = match (kind, len) {
            (0x0200, 14) => Some((
                u32_at(body),
                u32_at(body + 4),
                u16_at(body + 8),
                u16_at(body + 10),
            )),
            (0x0200, 10) => Some((
                u32::from(u16_at(body)),
                u32::from(u16_at(body + 2)),
                u16_at(body + 4),
                u16_at(body + 6),
            )),
            _ => None,
        };
        if let Some((r0, r1, c0, c1)) = dims {
            let ok = r0 <= r1 && r1 <= 65_536 && c0 <= c1 && c1 <= 256;
            let cells = u64::from(r1 - r0.min(r1)) * u64::from(c1 - c0.min(c1));
            if !ok || cells > MAX_CELLS {
                return Err(format!(
                    "declares a sheet of rows {r0}–{r1} and columns {c0}–{c1}, which is not \
                     one Excel writes (or larger than {MAX_CELLS} cells)"
                ));
            }
        }
        i = body + len;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_strings_are_bounded() {
        assert!(shared_strings(r#"<sst xmlns="x" count="3" uniqueCount="2"><si/></sst>"#).is_ok());
        let e = shared_strings(r#"<sst uniqueCount="18446744073709551615"/>"#).unwrap_err();
        assert!(e.contains("declares 18446744073709551615 strings"), "{e}");
        assert!(shared_strings(r#"<sst count="x"/>"#).is_err());
    }

    /// An xls container whose Workbook stream holds one DIMENSIONS record.
    fn xls_with(r0: u32, r1: u32, c0: u16, c1: u16) -> Vec<u8> {
        use std::io::Write;
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        let mut rec = vec![0x00, 0x02, 14, 0];
        rec.extend(r0.to_le_bytes());
        rec.extend(r1.to_le_bytes());
        rec.extend(c0.to_le_bytes());
        rec.extend(c1.to_le_bytes());
        rec.extend([0, 0]);
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(&rec)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn declared_xls_dimensions_are_bounded() {
        assert!(workbook(&xls_with(0, 500, 0, 12)).is_ok());
        for (r0, r1, c0, c1) in [(0, u32::MAX, 0, 256), (9, 1, 0, 3), (0, 65_536, 0, 256)] {
            let e = workbook(&xls_with(r0, r1, c0, c1)).unwrap_err();
            assert!(e.contains("declares a sheet of rows"), "{e}");
        }
    }

    fn ods(body: &str) -> String {
        format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn repeated_ods_cells_are_counted_as_laid_out() {
        // LibreOffice's own padding: empty cells and rows repeated to the sheet's end.
        let padded = ods(
            r#"<table:table><table:table-row><table:table-cell office:value-type="string"/><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        );
        assert!(ods_content(&padded).is_ok());
        let bomb = ods(
            r#"<table:table><table:table-row table:number-rows-repeated="600"><table:table-cell office:value-type="float" table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        );
        assert!(ods_content(&bomb)
            .unwrap_err()
            .contains("more than 2000000 cells"));
        let far = ods(
            r#"<table:table><table:table-row><table:table-cell office:value-type="string"/></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="string"/></table:table-row></table:table>"#,
        );
        assert!(ods_content(&far).unwrap_err().contains("span more than"));
    }
}
