//! Drawing results for people (tables, text, Markdown, HTML, e-mail) and programs (JSON,
//! CSV). It takes data from `report` and `plan` and returns text; it never reads files,
//! runs git or prints, and never imports a command.

pub mod actions;
pub mod csv;
pub mod forge;
pub mod html;
pub mod json;
pub mod learn;
pub mod markdown;
pub mod message;
pub mod table;

/// How a terminal table is drawn, resolved once by `config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// The width to fit tables to; None: no limit (output is not a terminal).
    pub width: Option<u16>,
}
