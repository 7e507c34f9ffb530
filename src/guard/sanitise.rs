//! One sanitiser per medium, for text that came from plans or git (free text a hostile or
//! careless hand wrote): what a terminal would obey, what Markdown would link, what a
//! spreadsheet would run. HTML is escaped by `render::html` (html-escape), e-mail headers
//! encoded by `render::message` (mail-builder): both as they were.
//!
//! Where they run, so that no command can forget them: `lib.rs::run` passes everything it
//! prints through `terminal` (JSON to a pipe or file alone is left as the data it is);
//! `render::markdown` escapes every cell and line with `markdown`; every CSV sct writes
//! goes through `csv_cell`, export included; files are written through the write gate,
//! which applies `controls`.

use std::borrow::Cow;

/// A control character, C1 control or bidirectional formatting character, as the terminal
/// shows it instead: C0 controls as their Unicode control pictures (ESC as ␛, BEL as ␇),
/// the rest as ‹U+202E›. Newline and tab are kept (and a carriage return before a newline).
fn visible(c: char, next: Option<char>) -> Option<String> {
    match c {
        '\n' | '\t' => None,
        '\r' if next == Some('\n') => None,
        '\u{0}'..='\u{1f}' => Some(char::from_u32(0x2400 + c as u32).unwrap_or('?').into()),
        '\u{7f}' => Some("␡".into()),
        '\u{80}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some(format!("‹U+{:04X}›", c as u32)),
        _ => None,
    }
}

/// Whether `visible` may replace `c` (a carriage return only when alone).
fn needs(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        && c != '\n'
        && c != '\t'
}

/// Text for a terminal: every control character (ESC, so every escape sequence; BEL; a
/// lone carriage return), C1 control and bidi override replaced by a visible stand-in.
pub fn terminal(s: &str) -> Cow<'_, str> {
    controls(s, false)
}

/// `terminal`, keeping the colour sequences sct itself writes (`ESC [ … m` with sct's own
/// parameters alone, see `sgr_len`) when colour is on. A plan's text reaches a table
/// already cleaned (`render::table::cell`); whatever else slips through can at most colour
/// text it cannot hide, and nothing can retitle a window, move the cursor or clear the
/// screen.
pub fn terminal_keeping_colour(s: &str) -> Cow<'_, str> {
    controls(s, true)
}

/// Control characters and bidi overrides replaced visibly: the terminal sanitiser, and
/// what the write gate applies to every file it writes.
pub fn controls(s: &str, keep_sgr: bool) -> Cow<'_, str> {
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if keep_sgr && c == '\u{1b}' {
            if let Some(len) = sgr_len(&s[i..]) {
                out.push_str(&s[i..i + len]);
                // Skip the rest of the sequence.
                while it.peek().is_some_and(|(j, _)| *j < i + len) {
                    it.next();
                }
                continue;
            }
        }
        match visible(c, it.peek().map(|(_, n)| *n)) {
            Some(v) => out.push_str(&v),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The length of an SGR sequence (`ESC [` digits and `;` then `m`) at the start of `s`,
/// if it is one sct itself writes: reset, bold, dim, default colour, and the readable
/// foreground colours. Not conceal, reverse, blink or a background: text painted so could
/// vanish, so a plan's text cannot do it even where colour is on.
fn sgr_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("\u{1b}[")?;
    let n = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    if rest.as_bytes().get(n) != Some(&b'm') {
        return None;
    }
    let params: Vec<u16> = rest[..n]
        .split(';')
        .map(|p| {
            if p.is_empty() {
                Some(0)
            } else {
                p.parse().ok()
            }
        })
        .collect::<Option<_>>()?;
    let ok = match params.as_slice() {
        [p] => matches!(p, 0 | 1 | 2 | 22 | 39 | 31..=36 | 91..=96),
        [38, 5, c] => matches!(c, 1..=6 | 9..=14 | 202..=220),
        _ => false,
    };
    ok.then_some(2 + n + 1)
}

/// Text for one Markdown table cell or line: nothing in it can open a link, an image, raw
/// HTML or a new cell. `\` `|` `[` `]` are escaped with `\` (and a `(` after `]`, so that
/// no `](` survives for a link-checker to follow), `<` is written as an entity, line breaks
/// as `<br>`, and control characters are replaced as for a terminal.
pub fn markdown(s: &str) -> String {
    let s = controls(s.trim(), false);
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    let mut prev = '\0';
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '(' if prev == ']' => out.push_str("\\("),
            '<' => out.push_str("&lt;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
        prev = c;
    }
    out
}

/// The characters a spreadsheet reads as the start of a formula, fullwidth forms included
/// (Excel and LibreOffice fold `＝` to `=`).
fn formula_start(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠' | '\u{2212}' | '\t' | '\r' | '\n'
    )
}

/// A CSV cell a spreadsheet would run as a formula, prefixed with `'` (OWASP's advice on
/// CSV injection): any cell whose first character that is not a space could start one.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let first = s
        .chars()
        .find(|c| !matches!(c, ' ' | '\u{a0}' | '\u{3000}' | '\u{2000}'..='\u{200b}'));
    match first {
        Some(c) if formula_start(c) => Cow::Owned(format!("'{s}")),
        _ if s.starts_with(['\t', '\r', '\n']) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A cell read back from a CSV sct wrote: the `'` that `csv_cell` put before a formula
/// taken off again, so that export and import are each other's inverse.
pub fn csv_cell_read(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if csv_cell(rest).len() != rest.len() => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_controls_and_overrides_visibly() {
        assert_eq!(
            terminal("a\u{1b}]0;x\u{7}b\u{1b}[2Jc\u{9b}d\u{202e}e\r\nf\rg\th"),
            "a␛]0;x␇b␛[2Jc‹U+009B›d‹U+202E›e\r\nf␍g\th"
        );
        assert!(matches!(terminal("plain – text\n"), Cow::Borrowed(_)));
        assert_eq!(
            terminal_keeping_colour("\u{1b}[31mred\u{1b}[0m \u{1b}]0;t\u{7}"),
            "\u{1b}[31mred\u{1b}[0m ␛]0;t␇"
        );
        // Conceal, reverse, black, a background: text could vanish; not kept.
        assert_eq!(
            terminal_keeping_colour("\u{1b}[38;5;9ma\u{1b}[8mb\u{1b}[7mc\u{1b}[30md\u{1b}[41me"),
            "\u{1b}[38;5;9ma␛[8mb␛[7mc␛[30md␛[41me"
        );
    }

    #[test]
    fn markdown_cannot_link_or_open_html() {
        assert_eq!(
            markdown("[x](javascript:alert(1)) ![](https://t.example/p.gif) <img> a|b"),
            "\\[x\\]\\(javascript:alert(1)) !\\[\\]\\(https://t.example/p.gif) &lt;img> a\\|b"
        );
        assert_eq!(markdown("one\ntwo\r\nthree"), "one<br>two<br>three");
        assert_eq!(markdown("a\u{1b}[31m"), "a␛\\[31m");
    }

    #[test]
    fn csv_formulas_behind_spaces_and_fullwidth_forms() {
        for s in [
            "=1+1",
            " =1+1",
            "   -2",
            "\t=1",
            "＝SUM(A1)",
            "＋1",
            "@cmd",
            "\u{a0}=1",
            "\r=1",
        ] {
            assert_eq!(csv_cell(s), format!("'{s}"), "{s:?}");
            assert_eq!(csv_cell_read(&csv_cell(s)), s);
        }
        for s in ["Audit", "2012-05", "–", "", "'quoted", "a=b"] {
            assert_eq!(csv_cell(s), s, "{s:?}");
            assert_eq!(csv_cell_read(s), s);
        }
    }
}
