//! The parse cache: it must never change an answer. Each test gives sct a cache folder of
//! its own, so that what the cache holds can be looked at.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

const REC: &str = r#"number = 1
agency = "BHFT"
text = "Audit the records."

[[actions]]
description = "Audit safeguarding records"
lead = "Ann"
due = 2012-03-31
"#;

struct Case {
    dir: tempfile::TempDir,
    cache: PathBuf,
}

impl Case {
    fn new(files: &[(&str, &str)]) -> Case {
        let dir = tree(files);
        let cache = dir.path().join("cache");
        Case { dir, cache }
    }
    fn run(&self, args: &[&str]) -> Run {
        let mut cmd = sct(self.dir.path());
        cmd.env("SCT_CACHE_DIR", &self.cache).args(args);
        run(cmd)
    }
    fn plan(&self, name: &str) -> PathBuf {
        self.dir.path().join("plans/demo").join(name)
    }
    /// The one cache file, if written.
    fn cache_file(&self) -> Option<PathBuf> {
        let entries = std::fs::read_dir(&self.cache).ok()?;
        let files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        assert!(files.len() <= 1, "{files:?}");
        files.into_iter().next()
    }
}

/// Files written less than a second ago are not trusted to the cache: wait them out.
fn settle() {
    std::thread::sleep(Duration::from_millis(1100));
}

/// Rewrites a file in place with text of the same length, keeping its modification time:
/// only the change time (and the content) says it changed.
fn rewrite_same_size_same_mtime(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let before = std::fs::metadata(path).unwrap();
    let text = std::fs::read_to_string(path).unwrap().replace(from, to);
    assert_eq!(text.len() as u64, before.len());
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    std::io::Write::write_all(&mut &f, text.as_bytes()).unwrap();
    f.set_modified(before.modified().unwrap()).unwrap();
    drop(f);
    let after = std::fs::metadata(path).unwrap();
    assert_eq!(after.modified().unwrap(), before.modified().unwrap());
    assert_eq!(after.len(), before.len());
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

#[cfg(unix)]
#[test]
fn a_warm_run_reads_the_cache_and_answers_the_same() {
    let c = Case::new(&[("01.toml", REC)]);
    settle();
    let cold = c.run(&["list", "--format", "json"]);
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    let file = c.cache_file().expect("the cache is written");
    assert!(std::fs::read(&file).unwrap().starts_with(b"sctcache"));
    let ino = inode(&file);
    let warm = c.run(&["list", "--format", "json"]);
    assert_eq!(warm.stdout, cold.stdout);
    // Every file was answered from the cache, so the cache file was not rewritten.
    assert_eq!(inode(&file), ino);
    let fresh = c.run(&["--no-cache", "list", "--format", "json"]);
    assert_eq!(fresh.stdout, cold.stdout);
}

#[cfg(unix)]
#[test]
fn an_edit_after_a_cached_run_is_seen_by_its_change_time() {
    let c = Case::new(&[("01.toml", REC)]);
    settle();
    let r = c.run(&["list", "--format", "csv"]);
    has(&r.stdout, "Ann");
    assert!(c.cache_file().is_some());
    rewrite_same_size_same_mtime(&c.plan("01.toml"), "Ann", "Bob");
    let r = c.run(&["list", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "Bob");
    assert!(!r.stdout.contains("Ann"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn racily_clean_files_are_not_stored() {
    // Written just now: within a second of the run, so not trusted to the cache.
    let c = Case::new(&[("01.toml", REC)]);
    let r = c.run(&["list", "--format", "csv"]);
    has(&r.stdout, "Ann");
    assert_eq!(c.cache_file(), None, "racy entries were stored");
    rewrite_same_size_same_mtime(&c.plan("01.toml"), "Ann", "Bob");
    let r = c.run(&["list", "--format", "csv"]);
    has(&r.stdout, "Bob");
}

#[test]
fn a_corrupt_cache_is_ignored_and_rebuilt() {
    let c = Case::new(&[("01.toml", REC)]);
    settle();
    let good = c.run(&["list", "--format", "json"]);
    let file = c.cache_file().expect("the cache is written");
    let bytes = std::fs::read(&file).unwrap();
    let mut flipped = bytes.clone();
    flipped[12] ^= 0x55; // inside the first entry: its checksum no longer matches
    let corruptions: Vec<Vec<u8>> = vec![
        b"not a cache at all".to_vec(),
        bytes[..bytes.len() / 2].to_vec(),
        flipped,
        Vec::new(),
    ];
    for bad in corruptions {
        std::fs::write(&file, &bad).unwrap();
        let r = c.run(&["list", "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stderr, "");
        assert_eq!(r.stdout, good.stdout);
        assert!(std::fs::read(&file).unwrap().starts_with(b"sctcache"));
    }
}

#[test]
fn a_deleted_file_is_gone_from_the_answer() {
    let two = REC
        .replace("number = 1", "number = 2")
        .replace("Ann", "Cat");
    let c = Case::new(&[("01.toml", REC), ("02.toml", &two)]);
    settle();
    let r = c.run(&["list", "--format", "csv"]);
    has(&r.stdout, "Cat");
    std::fs::remove_file(c.plan("02.toml")).unwrap();
    let r = c.run(&["list", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "Ann");
    assert!(!r.stdout.contains("Cat"), "{}", r.stdout);
    // The cache was rewritten without the file, the other entry copied over: read again.
    let again = c.run(&["list", "--format", "csv"]);
    assert_eq!(again.stdout, r.stdout);
    let r = c.run(&["check"]);
    has(&r.stdout, "2 files read");
}

#[test]
fn problems_come_back_from_the_cache_as_they_were_found() {
    let names = [
        "syntax.toml",
        "two-broken-actions.toml",
        "unknown-key.toml",
        "no-evidence.toml",
    ];
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let p = fixtures().join("bad").join(n);
            (n.to_string(), std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let c = Case::new(&files);
    settle();
    let fresh = c.run(&["--no-cache", "check"]);
    assert_eq!(fresh.code, 1);
    assert_eq!(c.cache_file(), None, "--no-cache wrote a cache");
    let cold = c.run(&["check"]);
    assert!(c.cache_file().is_some());
    let warm = c.run(&["check"]);
    for r in [&cold, &warm] {
        assert_eq!(r.code, fresh.code);
        assert_eq!(r.stdout, fresh.stdout);
        assert_eq!(r.stderr, fresh.stderr);
    }
}

#[test]
fn no_cache_from_the_environment() {
    let c = Case::new(&[("01.toml", REC)]);
    settle();
    let mut cmd = sct(c.dir.path());
    cmd.env("SCT_CACHE_DIR", &c.cache)
        .env("SCT_NO_CACHE", "1")
        .arg("check");
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(c.cache_file(), None);
    // An unwritable cache folder is no error.
    std::fs::write(&c.cache, "a file, not a folder").unwrap();
    let r = c.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("cache"), "{}", r.stderr);
    has(&r.stdout, "ok, 3 warnings: 2 files read");
}

#[cfg(unix)]
#[test]
fn the_privacy_guard_reads_files_the_cache_answers_for() {
    let text = REC.replace("Audit the records.", "Child's NHS number 943 476 5919.");
    let c = Case::new(&[("01.toml", &text)]);
    settle();
    let fresh = c.run(&["--no-cache", "check"]);
    has(&fresh.stderr, "personal data: an NHS number");
    let cold = c.run(&["check"]);
    let file = c.cache_file().expect("the cache is written");
    let ino = inode(&file);
    let warm = c.run(&["check"]);
    assert_eq!(inode(&file), ino, "the warm run parsed again");
    for r in [&cold, &warm] {
        assert_eq!(r.code, fresh.code);
        assert_eq!(r.stdout, fresh.stdout);
        assert_eq!(r.stderr, fresh.stderr);
    }
    // The number edited away after the cached run (a failing check digit is no NHS
    // number), same size, same modification time: the finding goes with it.
    rewrite_same_size_same_mtime(&c.plan("01.toml"), "5919", "5918");
    let edited = c.run(&["check"]);
    assert!(!edited.stderr.contains("NHS number"), "{}", edited.stderr);
    assert_eq!(edited.code, 0, "{}", edited.stderr);
}

#[cfg(unix)]
#[test]
fn a_file_found_clean_is_not_read_again_until_the_rules_change() {
    let c = Case::new(&[("01.toml", REC)]);
    settle();
    let cold = c.run(&["check"]);
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    let file = c.cache_file().expect("the cache is written");
    let ino = inode(&file);
    // Clean files are recorded as such: a second check neither reads nor rewrites.
    let warm = c.run(&["check"]);
    assert_eq!((warm.code, &warm.stdout), (0, &cold.stdout));
    assert_eq!(
        inode(&file),
        ino,
        "nothing changed, yet the cache was written"
    );
    // A private list is other rules: the file is scanned again, and the name found.
    let list = c.dir.path().join("private.txt");
    std::fs::write(&list, "Ann\n").unwrap();
    let with_list = c.run(&["check", "--forbid", list.to_str().unwrap()]);
    assert_eq!(with_list.code, 1, "{}", with_list.stderr);
    has(&with_list.stderr, "a term from the private list (A…");
    // And again from the cache: a file with a finding is never recorded as clean.
    let again = c.run(&["check", "--forbid", list.to_str().unwrap()]);
    assert_eq!(again.stderr, with_list.stderr);
    // Without the list, clean again.
    assert_eq!(c.run(&["check"]).code, 0);
}
