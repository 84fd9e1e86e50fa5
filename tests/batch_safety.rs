//! Batch runs that share an output folder, die half-way or meet an edited manifest (issue #15):
//! one run writes into a folder at a time, a reader never sees files of two runs, and resume
//! continues only the same run.

mod common;

use assert_cmd::Command;
use common::root;
use koen_align::{run_manifest, BatchConfig, Options, Progress};
use std::path::{Path, PathBuf};

/// The step variable of the library's crash hook: the process exits there as a kill -9 would
/// leave it (no destructor runs), with status [`CRASHED`].
const CRASH_AT: &str = "KOEN_ALIGN_CRASH_AT";
const CRASHED: i32 = 86;

/// The files a batch publishes as one set (JSONL format), the summary last.
const FINALS: [&str; 4] = ["pairs.jsonl", "audit.jsonl", "audit-inline.jsonl", "summary.json"];

fn koen() -> Command {
    Command::cargo_bin("koen-align").expect("binary built")
}

/// The corpus manifest with absolute paths and every id prefixed, so two runs' files differ
/// in every line.
fn corpus_manifest(dir: &Path, prefix: &str) -> PathBuf {
    let corpus = root().join("corpus");
    let text = std::fs::read_to_string(corpus.join("manifest.tsv")).unwrap();
    let mut lines = text.lines();
    let mut m = format!("{}\n", lines.next().unwrap());
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        m.push_str(&format!("{prefix}-{}\t{}\t{}\n", f[0], corpus.join(f[1]).display(), corpus.join(f[2]).display()));
    }
    let path = dir.join(format!("{prefix}.tsv"));
    std::fs::write(&path, m).unwrap();
    path
}

/// A finished run of `manifest` into a folder of its own, to compare with.
fn reference(manifest: &Path, out: &Path, extra: &[&str]) -> Vec<Vec<u8>> {
    koen().arg("batch").arg(manifest).arg("--out").arg(out).arg("-q").args(extra).assert().success();
    finals(out).into_iter().map(|f| f.expect("a finished run has every file")).collect()
}

/// The final files in a folder (`None` where one is missing).
fn finals(out: &Path) -> Vec<Option<Vec<u8>>> {
    FINALS.iter().map(|f| std::fs::read(out.join(f)).ok()).collect()
}

/// Temporary and part files anywhere under `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".tmp-") || name == ".koen-align-parts" {
                found.push(path.clone());
            }
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found
}

fn host() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

#[test]
fn a_second_run_into_a_busy_folder_is_refused_and_names_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = corpus_manifest(dir.path(), "a");
    let expected = reference(&manifest, &dir.path().join("ref"), &[]);
    let out = dir.path().join("out");
    // While this (library) run is aligning, a CLI run and a second library run try the folder.
    let mut cli: Option<std::process::Output> = None;
    let mut nested: Option<String> = None;
    let summary = run_manifest(&manifest, &out, &Options::default(), &BatchConfig::default(), &mut |p| {
        if p == Progress::Aligning && cli.is_none() {
            cli = Some(koen().arg("batch").arg(&manifest).arg("--out").arg(&out).arg("-q").output().unwrap());
            nested =
                Some(match run_manifest(&manifest, &out, &Options::default(), &BatchConfig::default(), &mut |_| {}) {
                    Ok(_) => "let in".to_owned(),
                    Err(e) => e.to_string(),
                });
        }
    })
    .expect("the first run is not disturbed");
    let cli = cli.expect("the callback ran");
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert_eq!(cli.status.code(), Some(2), "the second run is refused as an error: {stderr}");
    for word in ["another koen-align run", &format!("pid {}", std::process::id()), &host(), "since"] {
        assert!(stderr.contains(word), "the refusal names {word:?}: {stderr}");
    }
    let nested = nested.unwrap();
    assert!(nested.contains("another koen-align run"), "a second library run is refused too: {nested}");
    assert_eq!(summary.totals.ok, 8);
    let got: Vec<Vec<u8>> = finals(&out).into_iter().map(Option::unwrap).collect();
    assert!(got == expected, "the first run's files hold its own documents only");
    assert!(!out.join(".koen-align.lock").exists(), "a finished run removes its lock file");
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn a_lock_left_by_a_killed_run_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = corpus_manifest(dir.path(), "a");
    let expected = reference(&manifest, &dir.path().join("ref"), &["--chunk-size", "2"]);
    let out = dir.path().join("out");
    // A run that dies after its first chunk leaves the lock file naming it; its OS lock is gone.
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("koen-align"))
        .arg("batch")
        .arg(&manifest)
        .arg("--out")
        .arg(&out)
        .args(["-q", "--chunk-size", "2"])
        .env(CRASH_AT, "chunk:0")
        .spawn()
        .unwrap();
    let pid = child.id();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(CRASHED));
    let lock = std::fs::read_to_string(out.join(".koen-align.lock")).expect("the killed run's lock file");
    assert!(lock.contains(&format!("\"pid\":{pid}")), "{lock}");
    koen()
        .arg("batch")
        .arg(&manifest)
        .arg("--out")
        .arg(&out)
        .args(["-q", "--chunk-size", "2", "--resume"])
        .assert()
        .success();
    let got: Vec<Vec<u8>> = finals(&out).into_iter().map(Option::unwrap).collect();
    assert!(got == expected, "the resumed run equals an uninterrupted one");

    // A lock file naming a live process on this host (pid 1) that holds no OS lock is stale too:
    // the pid was reused, or the file was copied. The next run takes it and names itself.
    let stale = format!(
        "{{\"pid\":1,\"host\":\"{}\",\"since\":\"2020-01-01T00:00:00Z\",\"command\":\"koen-align batch elsewhere.tsv\"}}",
        host()
    );
    std::fs::write(out.join(".koen-align.lock"), stale).unwrap();
    let mut during = String::new();
    run_manifest(&manifest, &out, &Options::default(), &BatchConfig::default(), &mut |p| {
        if p == Progress::Aligning {
            during = std::fs::read_to_string(out.join(".koen-align.lock")).unwrap();
        }
    })
    .expect("a stale lock is taken over");
    assert!(during.contains(&format!("\"pid\":{}", std::process::id())), "{during}");
    assert!(!during.contains("elsewhere"), "{during}");
}
