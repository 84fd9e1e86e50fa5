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

/// Temporary, staged and part files anywhere under `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".tmp-") || name == ".koen-align-parts" || name == ".koen-align-staging" {
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
fn align_out_into_a_busy_folder_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = corpus_manifest(dir.path(), "a");
    let out = dir.path().join("out");
    let doc = root().join("corpus/docs/ko-en-002-apec-lima-minerals");
    let mut align: Option<std::process::Output> = None;
    run_manifest(&manifest, &out, &Options::default(), &BatchConfig::default(), &mut |p| {
        if p == Progress::Aligning && align.is_none() {
            let mut cmd = koen();
            cmd.arg("align").arg("--ko").arg(doc.join("ko.txt")).arg("--en").arg(doc.join("en.txt"));
            align = Some(cmd.arg("--out").arg(&out).output().unwrap());
        }
    })
    .unwrap();
    let align = align.expect("the callback ran");
    let stderr = String::from_utf8_lossy(&align.stderr);
    assert_eq!(align.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("another koen-align run"), "{stderr}");
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(summary.contains("a-ko-en-001") && summary.contains("a-ko-en-008"), "the batch's own summary");
    // Once the folder is free, align writes its one-document set into it, nothing left over.
    koen()
        .arg("align")
        .arg("--ko")
        .arg(doc.join("ko.txt"))
        .arg("--en")
        .arg(doc.join("en.txt"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["totals"]["documents"], 1);
    assert!(leftovers(&out).is_empty() && !out.join(".koen-align.lock").exists(), "{:?}", leftovers(&out));
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

#[test]
fn a_run_killed_while_writing_its_outputs_never_shows_a_mixed_set_and_resume_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let (old_manifest, new_manifest) = (corpus_manifest(dir.path(), "old"), corpus_manifest(dir.path(), "new"));
    let old = reference(&old_manifest, &dir.path().join("old-ref"), &[]);
    let new = reference(&new_manifest, &dir.path().join("new-ref"), &[]);
    // Every step of writing the final files at which a kill can land.
    let steps = [
        "published:pairs.jsonl",
        "published:audit.jsonl",
        "published:audit-inline.jsonl",
        "writing:pairs.jsonl",
        "writing:audit-inline.jsonl",
        "unsealed",
        "published:summary.json",
    ];
    for step in steps {
        // The folder holds the old run's finished set when the new run starts.
        let out = dir.path().join(format!("out-{}", step.replace(':', "-")));
        std::fs::create_dir_all(&out).unwrap();
        for (f, bytes) in FINALS.iter().zip(&old) {
            std::fs::write(out.join(f), bytes).unwrap();
        }
        let crashed =
            koen().arg("batch").arg(&new_manifest).arg("--out").arg(&out).arg("-q").env(CRASH_AT, step).output();
        assert_eq!(crashed.unwrap().status.code(), Some(CRASHED), "{step}: the run stops there");
        // A reader takes summary.json as the mark of a finished set: with it, every file is
        // of one run; without it, the folder says a run is unfinished.
        let seen = finals(&out);
        if seen[3].is_some() {
            let of = |run: &[Vec<u8>]| seen.iter().zip(run).all(|(s, r)| s.as_deref() == Some(r.as_slice()));
            assert!(of(&old) || of(&new), "{step}: summary.json stands beside files of another run");
        }
        koen().arg("batch").arg(&new_manifest).arg("--out").arg(&out).args(["-q", "--resume"]).assert().success();
        let got: Vec<Vec<u8>> = finals(&out).into_iter().map(Option::unwrap).collect();
        assert!(got == new, "{step}: the resumed run's files are the new run's");
        assert!(leftovers(&out).is_empty(), "{step}: left behind: {:?}", leftovers(&out));
    }
}

#[test]
fn temporary_files_of_earlier_runs_and_pair_files_of_another_format_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = corpus_manifest(dir.path(), "a");
    let out = dir.path().join("out");
    koen().arg("batch").arg(&manifest).arg("--out").arg(&out).args(["-q", "--format", "tsv"]).assert().success();
    // What killed runs of earlier versions left: temporary finals named by their pid.
    for junk in [".pairs.jsonl.tmp-4242", ".summary.json.tmp-17", ".audit.jsonl.tmp-99"] {
        std::fs::write(out.join(junk), "half a file").unwrap();
    }
    std::fs::write(out.join("notes.txt"), "the user's own").unwrap();
    koen().arg("batch").arg(&manifest).arg("--out").arg(&out).arg("-q").assert().success();
    assert!(leftovers(&out).is_empty(), "left behind: {:?}", leftovers(&out));
    assert!(!out.join("pairs.tsv").exists(), "pairs.tsv of the earlier run stands beside the new summary");
    assert!(out.join("notes.txt").exists(), "a file that is not ours is left alone");
    assert!(out.join("pairs.jsonl").exists());
}

#[test]
fn an_edited_manifest_is_not_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = corpus_manifest(dir.path(), "a");
    let expected = reference(&manifest, &dir.path().join("ref"), &["--chunk-size", "2"]);
    let out = dir.path().join("out");
    let run = |resume: bool, crash: Option<&str>| {
        let mut cmd = koen();
        cmd.arg("batch").arg(&manifest).arg("--out").arg(&out).args(["-q", "--chunk-size", "2"]);
        if resume {
            cmd.arg("--resume");
        }
        if let Some(step) = crash {
            cmd.env(CRASH_AT, step);
        }
        cmd.output().unwrap()
    };
    assert_eq!(run(false, Some("chunk:1")).status.code(), Some(CRASHED));
    // Same path, same number of rows, one id changed.
    let original = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, original.replacen("a-ko-en-003", "a-ko-en-three", 1)).unwrap();
    let refused = run(true, None);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot resume") && stderr.contains("manifest") && stderr.contains("changed"), "{stderr}");
    // The manifest as it was (new mtime, same content) resumes.
    std::fs::write(&manifest, &original).unwrap();
    assert!(run(true, None).status.success());
    let got: Vec<Vec<u8>> = finals(&out).into_iter().map(Option::unwrap).collect();
    assert!(got == expected, "the resumed run equals an uninterrupted one");
}
