//! The guard: finding personal data (NHS and NI numbers, dates of birth, a board's private
//! terms), and shaping text for each medium it is shown in (terminal, Markdown, CSV). It is
//! the lowest layer but `files`: it knows nothing of plans, git or output formats beyond
//! the characters each medium obeys.

pub mod privacy;
pub mod sanitise;
pub mod text;

use std::path::Path;

/// The one way a command writes a file other than the parse cache (a plan file, a report, a
/// reminder, CODEOWNERS, an export): refused, with nothing written, when the text holds
/// personal data; control characters and bidi overrides replaced visibly; then replaced
/// atomically. `tests/privacy_gate.rs` fails when any other module calls `files::write_*`.
pub fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    privacy::refuse_identifiers(text, &format!("`{}`", path.display()))?;
    crate::files::write_atomic(path, sanitise::controls(text, false).as_bytes())
}

/// `write_file` for bytes that are not all text (an e-mail draft): checked as text,
/// written as they are.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    privacy::refuse_identifiers(
        &String::from_utf8_lossy(bytes),
        &format!("`{}`", path.display()),
    )?;
    crate::files::write_atomic(path, bytes)
}

/// `write_file` for a document in a binary format (a workbook, whose text is compressed):
/// the texts of its cells are held to the guard, then the bytes are written as they are.
pub fn write_document(path: &Path, bytes: &[u8], texts: &[String]) -> anyhow::Result<()> {
    let what = format!("`{}`", path.display());
    for t in texts {
        privacy::refuse_identifiers(t, &what)?;
    }
    crate::files::write_atomic(path, bytes)
}
