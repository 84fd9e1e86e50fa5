//! An output folder's final files, staged and then published as one set.
//!
//! POSIX `rename` replaces one name atomically, and nothing replaces several names at once.
//! So the set is sealed by `summary.json`: publishing removes the old summary first, renames
//! the new data files into place, and renames the new summary in last, syncing the folder
//! between these steps so that the order also holds after a power cut. At every moment a
//! folder holding a `summary.json` holds the data files that summary describes; a folder
//! without one holds an unfinished run (`--resume` finishes it). That is what a folder can
//! promise by itself: a reader that must not straddle a publish reads `summary.json` before
//! and after the data files and starts again if it changed (a file it already has open keeps
//! its contents: rename does not touch an open file).
//!
//! The files are staged in `.koen-align-staging` inside the output folder, so they are on its
//! file system (rename cannot cross one) and a full disk fails while staging, before a
//! published file is touched.

use super::Format;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The file that seals an output folder's set: present only beside the files it describes.
pub(crate) const SUMMARY_FILE: &str = "summary.json";

/// The staging folder inside an output folder.
const STAGING_DIR: &str = ".koen-align-staging";

/// Every file a run can publish into an output folder, of any format, but the summary.
fn data_files() -> impl Iterator<Item = &'static str> {
    [Format::Jsonl, Format::Tsv, Format::Moses, Format::Tmx].into_iter().flat_map(Format::data_files)
}

/// The staging folder of an output folder's next set of files.
pub(crate) struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
}

impl Staging {
    /// Starts an empty staging folder in `out_dir`; whatever an interrupted run staged there
    /// is removed.
    pub(crate) fn begin(out_dir: &Path) -> Result<Staging> {
        let dir = out_dir.join(STAGING_DIR);
        remove_staging(&dir)?;
        std::fs::create_dir_all(&dir).map_err(write_err(&dir))?;
        Ok(Staging { out_dir: out_dir.to_owned(), dir })
    }

    /// Where the staged `name` is written (and committed) before [`Staging::publish`].
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Replaces the folder's published set with the staged data files `data` and the staged
    /// summary, in the order the module comment explains. Files of the layout that are not in
    /// the new set (the pair files of another format) go with the old summary.
    pub(crate) fn publish(self, data: &[&str]) -> Result<()> {
        let out = &self.out_dir;
        let seal = out.join(SUMMARY_FILE);
        remove_if_present(&seal)?;
        sync_dir(out)?;
        super::crash_point("unsealed");
        for name in data_files().filter(|n| !data.contains(n)) {
            remove_if_present(&out.join(name))?;
        }
        for name in data {
            let target = out.join(name);
            std::fs::rename(self.path(name), &target).map_err(write_err(&target))?;
            super::crash_point(&format!("published:{name}"));
        }
        sync_dir(out)?;
        std::fs::rename(self.path(SUMMARY_FILE), &seal).map_err(write_err(&seal))?;
        sync_dir(out)?;
        super::crash_point("published:summary.json");
        std::fs::remove_dir_all(&self.dir).map_err(write_err(&self.dir))
    }
}

/// Removes the temporary files that killed runs left in `dir` for the final names `of`
/// accepts ([`super::AtomicFile`] writes `name` as `.name.tmp-PID`). Only for a folder the
/// caller has locked: there, no live writer owns such a file.
pub(crate) fn remove_stale_temporaries(dir: &Path, of: impl Fn(&str) -> bool) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(Error::Read { path: dir.to_owned(), source }),
    };
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read { path: dir.to_owned(), source })?;
        let file_name = entry.file_name();
        let stale = file_name
            .to_str()
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.rsplit_once(".tmp-"))
            .is_some_and(|(name, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && of(name));
        if stale {
            remove_if_present(&entry.path())?;
        }
    }
    Ok(())
}

/// Removes what killed runs left in an output folder: its staging folder, and temporary
/// files of every file a run publishes (see [`remove_stale_temporaries`]).
pub(crate) fn remove_stale_outputs(out_dir: &Path) -> Result<()> {
    remove_staging(&out_dir.join(STAGING_DIR))?;
    remove_stale_temporaries(out_dir, |name| name == SUMMARY_FILE || data_files().any(|n| n == name))
}

fn remove_staging(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Write { path: dir.to_owned(), source: e }),
        _ => Ok(()),
    }
}

/// Removes a file; one that is not there is already removed.
pub(crate) fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Write { path: path.to_owned(), source: e }),
        _ => Ok(()),
    }
}

/// Makes a folder's renames and removals durable before the next step (Unix: fsync of the
/// folder; elsewhere a folder cannot be opened for it, and the order is the OS's to keep).
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(write_err(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn write_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write { path: path.to_owned(), source }
}
