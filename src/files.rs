//! The file system underneath everything: bounded reads and atomic writes.
//!
//! Reads: a file is opened once, without waiting (a named pipe would block for ever),
//! refused unless the opened handle is an ordinary file, and read through a limit, whatever
//! its size. Writes: every file sct writes goes through here. The new content goes to a
//! temporary file in the same folder, is flushed to disk, and only then renamed over the
//! old file, so a crash or a full disk leaves either the old file or the new one, whole.

use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Why a bounded read was refused.
#[derive(Debug)]
pub enum ReadError {
    Folder,
    /// A named pipe, socket or device.
    NotRegular,
    /// Its size, over the limit.
    TooLarge(u64),
    /// Within the limit when opened, over it while being read.
    Grew,
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Folder => f.write_str("it is a folder, not a file"),
            ReadError::NotRegular => f.write_str(
                "it is not an ordinary file (a named pipe, socket or device); sct reads only ordinary files",
            ),
            ReadError::TooLarge(len) => write!(f, "it is {len} bytes, over sct's limit for it"),
            ReadError::Grew => f.write_str("it grew past sct's limit for it while being read"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The bytes of the ordinary file at `path`, at most `limit` of them.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = open_without_waiting(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Grew);
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Undoes a write: puts back the bytes `path` held before, exactly, atomically. Not a new
/// write (nothing of sct's making), so not through the guard: a write whose commit failed
/// is undone this way (`write::gate`).
pub fn put_back(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomic(path, bytes)
}

/// Replaces (or creates) `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomic_with(path, bytes, |_| Ok(()))
}

/// `write_atomic` with a hook run between writing the temporary file and renaming it:
/// tests use it to simulate a failure at the worst moment.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    write_atomic_from(path, |w| w.write_all(bytes), before_rename)
}

/// `write_atomic` with the content written piece by piece by `fill` (the parse cache,
/// too large to hold twice in memory).
pub fn write_atomic_from(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    // A dot-name, so that a temp file left by a killed process is skipped by the loader.
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets what any new file gets (0666 less the umask), not a temp file's 0600.
    #[cfg(unix)]
    if !path.exists() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    let fail = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", path.display());
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w).map_err(fail)?;
        w.flush().map_err(fail)?;
    }
    // Keep the old file's permissions: a temp file is created private (0600).
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    before_rename(tmp.path()).map_err(fail)?;
    // On any error above, dropping `tmp` removes the temporary file.
    tmp.persist(path).map_err(|e| fail(e.error))?;
    // Make the rename itself durable; not every platform can open a folder, so best effort.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_the_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("21.toml");
        std::fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(names(dir.path()), ["21.toml"]);
    }

    #[test]
    fn a_failure_before_the_rename_keeps_the_old_file_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("21.toml");
        std::fs::write(&p, "old").unwrap();
        let mut seen = None;
        let err = write_atomic_with(&p, b"new", |tmp| {
            // The new content is fully on disk next to the old file at this point.
            seen = Some(std::fs::read_to_string(tmp).unwrap());
            Err(std::io::Error::other("simulated crash"))
        })
        .unwrap_err();
        assert_eq!(seen.as_deref(), Some("new"));
        assert!(err.to_string().contains("simulated crash"), "{err}");
        assert!(err.to_string().contains("21.toml"), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(names(dir.path()), ["21.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.toml");
        std::fs::write(&plain, "x").unwrap();
        let p = dir.path().join("21.toml");
        write_atomic(&p, b"new").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), mode(&plain), "as the umask allows, not 0600");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("21.toml");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&p, b"new").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
}
