//! The guard: finding personal data (NHS and NI numbers, dates of birth, a board's private
//! terms) and shaping text for display. It is the lowest layer but `files`: it knows
//! nothing of plans, git or output formats beyond plain text.

pub mod privacy;
pub mod text;
