//! One writer at a time. Every writing command holds this lock from before it reads the
//! plans until its write is committed (or put back), so two `sct update`s at once never
//! lose each other's change or mix their commits. It is an advisory lock on a file in the
//! repository's git folder (outside git, on the plans folder itself), released by the
//! operating system when sct exits, however it exits: nothing is ever left to remove.

use anyhow::{bail, Context, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another to finish before giving up.
pub const WAIT: Duration = Duration::from_secs(60);

/// Held while it lives.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

/// Takes the lock on the file at `path` (made if missing), waiting up to `wait` for
/// another sct to release it.
pub fn acquire(path: &Path, wait: Duration) -> Result<Lock> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    hold(file, path, wait)
}

/// Takes the lock on the folder `dir` itself, writing nothing into it (where a folder
/// cannot be opened as a file, on a `.sct.lock` file in it).
pub fn acquire_folder(dir: &Path, wait: Duration) -> Result<Lock> {
    match File::open(dir) {
        Ok(f) if cfg!(unix) => hold(f, dir, wait),
        _ => acquire(&dir.join(".sct.lock"), wait),
    }
}

fn hold(file: File, path: &Path, wait: Duration) -> Result<Lock> {
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(Lock {
                    _file: file,
                    path: path.to_path_buf(),
                })
            }
            Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => bail!(
                "another sct is writing to these plans (it holds {}); waited {} s for it to \
                 finish, and nothing was written\n  = hint: try again when it has finished",
                path.display(),
                wait.as_secs()
            ),
            Err(TryLockError::Error(e)) => {
                bail!("cannot lock {}: {e}", path.display())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_a_message_once_its_wait_is_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sct.lock");
        let held = acquire(&path, WAIT).unwrap();
        let err = acquire(&path, Duration::ZERO).unwrap_err().to_string();
        assert!(err.contains("another sct is writing"), "{err}");
        assert!(err.contains("sct.lock"), "{err}");
        drop(held);
        acquire(&path, Duration::ZERO).unwrap();
    }

    #[test]
    fn a_folder_is_locked_without_writing_into_it() {
        let dir = tempfile::tempdir().unwrap();
        let held = acquire_folder(dir.path(), WAIT).unwrap();
        assert!(acquire_folder(dir.path(), Duration::ZERO).is_err());
        drop(held);
        acquire_folder(dir.path(), Duration::ZERO).unwrap();
        #[cfg(unix)]
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
