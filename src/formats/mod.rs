//! Formats in and out of the plans: `import` (CSV rows to plan files) and `export` (plan
//! rows to CSV). It may use `plan`, `write`, `guard` and `files`; it never renders reports
//! and never prints.

pub mod export;
pub mod import;
