//! One run writes into an output folder at a time.
//!
//! The lock is an OS advisory lock (`flock` on Unix, `LockFileEx` on Windows, through std's
//! `File::try_lock`) on `.koen-align.lock` inside the folder. The OS drops it when the process
//! ends however it ends, kill -9 included, so a lock left by a dead run is never in the way:
//! whatever the file says, if no process holds its lock it is stale and the next run takes it.
//! (A pid check would be weaker: pids are reused, and mean nothing on another host sharing the
//! folder over NFS, where Linux maps `flock` to the server's byte-range locks.) The file's
//! content — pid, host, start time, command — only serves the message a refused run prints.
//!
//! A finished run removes the file (on Unix), while still holding its lock. A run that opened
//! the file just before may then lock the removed file, while a third run creates and locks a
//! new one; so a run that got the lock checks that the path still names the file it locked,
//! and starts again if not. Only a killed run's file stays, until the next run takes it.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock file's name inside an output folder.
pub(crate) const LOCK_FILE: &str = ".koen-align.lock";

/// Who holds a folder: written into the lock file for the message of a refused run.
#[derive(Debug, Serialize, Deserialize)]
struct Holder {
    pid: u32,
    host: String,
    /// When the run took the folder (RFC 3339, UTC).
    since: String,
    command: String,
}

impl Holder {
    fn this_process() -> Holder {
        Holder {
            pid: std::process::id(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            since: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            command: std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" "),
        }
    }

    /// What a refused run is told about the holder, from the lock file's text.
    fn describe(text: &str) -> String {
        match serde_json::from_str::<Holder>(text) {
            Ok(h) => format!("pid {} on {} since {}: {}", h.pid, h.host, h.since, h.command),
            // The holder has locked the file but not yet written it, or is another program.
            Err(_) => "its lock file does not say which".to_owned(),
        }
    }
}

/// An output folder's lock, held until dropped.
#[derive(Debug)]
pub(crate) struct FolderLock {
    /// Held for its lock, which closing it releases.
    _file: File,
    path: PathBuf,
}

impl FolderLock {
    /// Takes `dir`'s lock (creating the folder's lock file), or fails with [`Error::Busy`]
    /// naming the run that holds it. A stale lock, left by a run that died, is taken over.
    pub(crate) fn acquire(dir: &Path) -> Result<FolderLock> {
        let path = dir.join(LOCK_FILE);
        let failed = |source| Error::Lock { path: path.clone(), source };
        // Each retry means a run released the folder in between; a few are plenty.
        for _ in 0..100 {
            let mut file =
                File::options().read(true).write(true).create(true).truncate(false).open(&path).map_err(failed)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    // An unreadable file only costs the message its details.
                    let _ = file.read_to_string(&mut text);
                    return Err(Error::Busy { dir: dir.to_owned(), holder: Holder::describe(&text) });
                }
                Err(TryLockError::Error(source)) => return Err(failed(source)),
            }
            if !still_at(&file, &path).map_err(failed)? {
                continue;
            }
            // Ours now: any text in it is a dead run's.
            let text = serde_json::to_string(&Holder::this_process()).map_err(|e| failed(e.into()))?;
            file.set_len(0).map_err(failed)?;
            file.rewind().map_err(failed)?;
            file.write_all(text.as_bytes()).map_err(failed)?;
            return Ok(FolderLock { _file: file, path });
        }
        Err(failed(std::io::Error::other("the lock file kept being replaced")))
    }
}

/// Whether `path` still names the locked `file` (a finishing run removes its lock file).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata()?;
    match std::fs::metadata(path) {
        Ok(now) => Ok(now.dev() == held.dev() && now.ino() == held.ino()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Elsewhere the file is never removed, so the path always names it.
#[cfg(not(unix))]
fn still_at(_: &File, _: &Path) -> std::io::Result<bool> {
    Ok(true)
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while locked (see the module comment); the lock goes with the file handle.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        #[cfg(not(unix))]
        let _ = self._file.set_len(0);
    }
}
