//! Inputs a crawl can hand over that are not pages: devices, FIFOs, endless or oversized
//! files and lines, broken bytes, malformed manifests. Each must end as a clear error for
//! its document (or line, or manifest), and the run must go on where it can.

mod common;

use assert_cmd::Command;
use common::root;

fn koen() -> Command {
    Command::cargo_bin("koen-align").expect("binary built")
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_os_error_is_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        koen().current_dir(dir.path()).args(["align", "--ko", "nope-ko.txt", "--en", "nope-en.txt"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("nope-ko.txt"), "{stderr}");
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
}
