//! Drawing results for people (tables, text) and programs (JSON).

pub mod actions;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod message;
pub mod table;
