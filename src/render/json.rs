use serde::Serialize;

/// Pretty JSON with a final newline: the machine-readable form of every command.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("plain data serialises");
    s.push('\n');
    s
}
