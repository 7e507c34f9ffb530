//! Objects read from git's object store as they are stored: raw commits, typed by
//! gix-object, and blobs, each under a size limit known before it is read. Nothing here
//! parses text git formats from a commit's data; `git cat-file --batch` answers are
//! length-prefixed, and signatures are git's own verification asked by hash.

use super::repo::{run_with_input, spawn_error, Repo};
use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;

/// A commit, as sct shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    pub email: String,
    pub date: DateTime<FixedOffset>,
    pub committer: String,
    pub committer_email: String,
    pub committed: DateTime<FixedOffset>,
    pub subject: String,
    pub signature: Signature,
    /// Who signed, as git's verification names them (`%GS`), when signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// The signing key's fingerprint (`%GF`, or `%GK` when git gives no fingerprint).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Commit {
    pub fn short(&self) -> &str {
        self.hash.get(..7).unwrap_or(&self.hash)
    }
}

/// git's own verdict on a commit's signature (`%G?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    None,
    Good,
    GoodUntrusted,
    Bad,
    Expired,
    Revoked,
    CannotCheck,
}

impl Signature {
    fn from_code(c: &str) -> Signature {
        match c {
            "G" => Signature::Good,
            "U" => Signature::GoodUntrusted,
            "B" => Signature::Bad,
            "X" | "Y" => Signature::Expired,
            "R" => Signature::Revoked,
            "E" => Signature::CannotCheck,
            _ => Signature::None,
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Signature::None => "unsigned",
            Signature::Good => "signed, verified",
            Signature::GoodUntrusted => "signed, verified (key not trusted)",
            Signature::Bad => "BAD SIGNATURE",
            Signature::Expired => "signed, key expired",
            Signature::Revoked => "signed, key revoked",
            Signature::CannotCheck => "signed, cannot be checked here",
        }
    }
}

/// A blob as read under a size limit.
#[derive(Debug, Clone)]
pub enum Blob {
    Bytes(Vec<u8>),
    /// Over the limit: its size, and nothing of it read.
    TooLarge(u64),
}

/// A commit object larger than this is not read (its message would be absurd).
const MAX_COMMIT_BYTES: u64 = 1024 * 1024;

impl Repo {
    /// One commit by its hash.
    pub fn commit(&self, hash: &str) -> Result<Commit> {
        self.commits(&[hash.to_string()])?
            .pop()
            .ok_or_else(|| anyhow!("git has no commit {hash}"))
    }

    /// Commits by hash, in the order asked, each with its whole message.
    pub fn commits_with_messages(&self, hashes: &[String]) -> Result<Vec<(Commit, String)>> {
        let raw = self.objects(
            hashes.iter().map(String::as_str),
            "commit",
            MAX_COMMIT_BYTES,
        )?;
        let mut out = Vec::with_capacity(hashes.len());
        for h in hashes {
            let Some(Blob::Bytes(bytes)) = raw.get(h.as_str()) else {
                continue;
            };
            let (commit, _) =
                parse_commit(h, bytes).with_context(|| format!("cannot read commit {h}"))?;
            let message = gix_object::CommitRef::from_bytes(bytes, hash_kind(h))
                .map(|c| String::from_utf8_lossy(c.message).trim().to_string())
                .unwrap_or_default();
            out.push((commit, message));
        }
        Ok(out)
    }

    /// Commits by hash, in the order asked: their raw objects, typed by gix-object, and
    /// git's verification of those that carry a signature.
    pub fn commits(&self, hashes: &[String]) -> Result<Vec<Commit>> {
        let raw = self.objects(
            hashes.iter().map(String::as_str),
            "commit",
            MAX_COMMIT_BYTES,
        )?;
        let mut out = Vec::with_capacity(hashes.len());
        let mut signed = Vec::new();
        for h in hashes {
            let bytes = match raw.get(h.as_str()) {
                Some(Blob::Bytes(b)) => b,
                Some(Blob::TooLarge(n)) => bail!("commit {h} is {n} bytes: too large to read"),
                None => bail!("git has no commit {h}"),
            };
            let (commit, has_signature) =
                parse_commit(h, bytes).with_context(|| format!("cannot read commit {h}"))?;
            if has_signature {
                signed.push(out.len());
            }
            out.push(commit);
        }
        if !signed.is_empty() {
            let asked: Vec<&str> = signed.iter().map(|i| out[*i].hash.as_str()).collect();
            let verdicts = self.signatures(&asked)?;
            for i in signed {
                if let Some((sig, signer, key)) = verdicts.get(out[i].hash.as_str()) {
                    out[i].signature = *sig;
                    out[i].signer = signer.clone();
                    out[i].key = key.clone();
                }
            }
        }
        Ok(out)
    }

    /// git's verification of signed commits: verdict, signer and key, by hash.
    #[allow(clippy::type_complexity)]
    fn signatures(
        &self,
        hashes: &[&str],
    ) -> Result<HashMap<String, (Signature, Option<String>, Option<String>)>> {
        // Fields of fixed form first; the signer (from a key's identity) last; every field
        // NUL-terminated, and the record ends in a newline, which is skipped.
        let input: String = hashes.iter().map(|h| format!("{h}\n")).collect();
        let out = run_with_input(
            self.git().args([
                "log",
                "--no-walk=unsorted",
                "--no-show-signature",
                "--no-color",
                "--stdin",
                "--format=%H%x00%G?%x00%GF%x00%GK%x00%GS%x00",
            ]),
            input.into_bytes(),
        )?;
        let mut fields = out.split(|b| *b == 0);
        let mut found = HashMap::new();
        while let Some(hash) = fields.next() {
            let hash = String::from_utf8_lossy(hash)
                .trim_start_matches('\n')
                .to_string();
            if hash.is_empty() {
                break;
            }
            let mut next = || {
                let f = String::from_utf8_lossy(fields.next().unwrap_or_default()).into_owned();
                (!f.is_empty()).then_some(f)
            };
            let (code, fingerprint, key, signer) = (next(), next(), next(), next());
            let sig = Signature::from_code(code.as_deref().unwrap_or("N"));
            found.insert(hash, (sig, signer, fingerprint.or(key)));
        }
        Ok(found)
    }

    /// The contents of many blobs, each read only when it is within `limit` bytes: sizes
    /// are asked first (`git cat-file --batch-check`), then the blobs within it are read.
    pub fn blobs<'a>(
        &self,
        oids: impl IntoIterator<Item = &'a str>,
        limit: u64,
    ) -> Result<HashMap<String, Blob>> {
        let mut wanted: Vec<&str> = oids.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = HashMap::with_capacity(wanted.len());
        if wanted.is_empty() {
            return Ok(out);
        }
        let input: String = wanted.iter().map(|o| format!("{o}\n")).collect();
        let sizes = run_with_input(
            self.git().args([
                "cat-file",
                "--batch-check=%(objectname) %(objecttype) %(objectsize)",
            ]),
            input.into_bytes(),
        )?;
        let mut small = Vec::new();
        let mut found = std::collections::HashSet::with_capacity(wanted.len());
        for line in String::from_utf8_lossy(&sizes).lines() {
            let mut f = line.split(' ');
            let (Some(oid), Some(kind), Some(size)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let Ok(size) = size.parse::<u64>() else {
                continue;
            };
            if kind != "blob" {
                continue;
            }
            found.insert(oid.to_string());
            if size > limit {
                out.insert(oid.to_string(), Blob::TooLarge(size));
            } else {
                small.push(oid.to_string());
            }
        }
        // One look-up each: `check --history` asks for thousands of blobs at once.
        if let Some(missing) = wanted.iter().find(|o| !found.contains(**o)) {
            bail!("git has no object {missing}");
        }
        out.extend(self.objects(small.iter().map(String::as_str), "blob", limit)?);
        Ok(out)
    }

    /// Objects of one kind through one `git cat-file --batch`; an object over `limit` is
    /// skipped unread (drained from the pipe, never held).
    fn objects<'a>(
        &self,
        oids: impl IntoIterator<Item = &'a str>,
        kind: &str,
        limit: u64,
    ) -> Result<HashMap<String, Blob>> {
        let mut wanted: Vec<&str> = oids.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = HashMap::with_capacity(wanted.len());
        if wanted.is_empty() {
            return Ok(out);
        }
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let mut stdin = child.stdin.take().context("git cat-file: no stdin")?;
        let input: String = wanted.iter().map(|o| format!("{o}\n")).collect();
        // Write from another thread: git answers while we still ask, and pipes are small.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut reader = BufReader::new(child.stdout.take().context("git cat-file: no stdout")?);
        let mut header = String::new();
        let result = (|| -> Result<()> {
            for oid in &wanted {
                header.clear();
                reader.read_line(&mut header)?;
                let mut f = header.split_whitespace();
                let (_, found, size) = (f.next(), f.next(), f.next());
                let Some(size) = size.and_then(|s| s.parse::<u64>().ok()) else {
                    bail!("git has no object {oid}");
                };
                if found != Some(kind) || size > limit {
                    // Drain it (and its newline) without holding it.
                    std::io::copy(&mut (&mut reader).take(size + 1), &mut std::io::sink())?;
                    if found == Some(kind) {
                        out.insert((*oid).to_string(), Blob::TooLarge(size));
                    }
                    continue;
                }
                let mut buf = vec![0; size as usize + 1]; // the content and its newline
                reader.read_exact(&mut buf)?;
                buf.pop();
                out.insert((*oid).to_string(), Blob::Bytes(buf));
            }
            Ok(())
        })();
        drop(reader);
        let _ = writer.join();
        let _ = child.wait();
        result?;
        Ok(out)
    }
}

/// The object format a hash is in: SHA-1 (40 hex digits) or SHA-256 (64).
fn hash_kind(hash: &str) -> gix_hash::Kind {
    gix_hash::Kind::from_hex_len(hash.len()).unwrap_or_default()
}

/// A commit from its raw object; whether it carries a signature to verify.
fn parse_commit(hash: &str, bytes: &[u8]) -> Result<(Commit, bool)> {
    use gix_object::bstr::ByteSlice;
    let c =
        gix_object::CommitRef::from_bytes(bytes, hash_kind(hash)).map_err(|e| anyhow!("{e}"))?;
    let author = c.author().map_err(|e| anyhow!("{e}"))?;
    let committer = c.committer().map_err(|e| anyhow!("{e}"))?;
    let when = |s: &gix_object::bstr::BStr| -> DateTime<FixedOffset> {
        let t = s
            .to_str()
            .ok()
            .and_then(|s| s.parse::<gix_object::date::Time>().ok())
            .unwrap_or_default();
        let offset = FixedOffset::east_opt(t.offset).unwrap_or(FixedOffset::east_opt(0).unwrap());
        DateTime::from_timestamp(t.seconds, 0)
            .unwrap_or_default()
            .with_timezone(&offset)
    };
    let text = |s: &gix_object::bstr::BStr| String::from_utf8_lossy(s).into_owned();
    let signed = c.extra_headers().pgp_signature().is_some();
    Ok((
        Commit {
            hash: hash.to_string(),
            author: text(author.name),
            email: text(author.email),
            date: when(author.time.as_bytes().as_bstr()),
            committer: text(committer.name),
            committer_email: text(committer.email),
            committed: when(committer.time.as_bytes().as_bstr()),
            subject: text(c.message().summary().as_ref()),
            signature: Signature::None,
            signer: None,
            key: None,
        },
        signed,
    ))
}
