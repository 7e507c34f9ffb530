//! Shaping plan text for one line of display.

/// `s` on one line (runs of white space, newlines included, become one space), cut to
/// `max` characters with "…".
pub fn one_line(s: &str, max: usize) -> String {
    let flat = flatten(s);
    if flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `s` on one line, uncut.
pub fn flatten(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
