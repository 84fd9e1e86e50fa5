//! Benchmark peer for koen-align: runs the `rs-trafilatura` crate (used only as a library)
//! over a koen-align page manifest and writes `OUT_DIR/pairs.jsonl` in the shape that
//! `shared/eval/score_pages.py` reads (one record per page, the whole extracted text as
//! one block on the `en` side).
//!
//! usage: peer MANIFEST OUT_DIR [--repeat N] [--precision | --recall]
//!
//! MANIFEST is a TSV with header `id\tpage`; page paths are relative to the manifest's folder.
//! Pages are read as bytes and given to `rs_trafilatura::extract_bytes_with_options`, which
//! detects the charset from `<meta charset>` / `http-equiv` and falls back to lossy UTF-8.
//! Options: `Options::default()` unless `--precision` / `--recall` is given.
//! With `--repeat N` the extraction pass over all pages is run N times (the output of the
//! last pass is written) and min/median times over the passes are reported.
//! Timing goes to stderr: extraction only, and the whole run (reading + extraction + writing).
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn usage() -> ! {
    eprintln!("usage: peer MANIFEST OUT_DIR [--repeat N] [--precision | --recall]");
    std::process::exit(2);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let run_start = Instant::now();
    let mut pos: Vec<String> = Vec::new();
    let mut repeat: usize = 1;
    let mut opts = rs_trafilatura::Options::default();
    let mut mode = "default";
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => {
                repeat = args.next().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or_else(|| usage())
            }
            "--precision" => {
                opts.favor_precision = true;
                mode = "favor_precision";
            }
            "--recall" => {
                opts.favor_recall = true;
                mode = "favor_recall";
            }
            "-h" | "--help" => usage(),
            _ if a.starts_with("--") => usage(),
            _ => pos.push(a),
        }
    }
    if pos.len() != 2 {
        usage();
    }
    let manifest = PathBuf::from(&pos[0]);
    let out_dir = PathBuf::from(&pos[1]);
    let base = manifest.parent().map(Path::to_path_buf).unwrap_or_default();

    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| {
        eprintln!("peer: cannot read {}: {e}", manifest.display());
        std::process::exit(1)
    });
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if n == 0 || line.trim().is_empty() {
            continue; // header `id\tpage`
        }
        let mut cols = line.split('\t');
        let (Some(id), Some(page)) = (cols.next(), cols.next()) else {
            eprintln!("peer: bad manifest line {}: {line:?}", n + 1);
            std::process::exit(1)
        };
        let path = base.join(page);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            eprintln!("peer: cannot read {}: {e}", path.display());
            std::process::exit(1)
        });
        pages.push((id.to_string(), bytes));
    }

    let mut passes: Vec<Duration> = Vec::with_capacity(repeat);
    let mut texts: Vec<String> = Vec::new();
    let mut failed = 0usize;
    for _ in 0..repeat {
        texts.clear();
        failed = 0;
        let t0 = Instant::now();
        for (_, bytes) in &pages {
            match rs_trafilatura::extract_bytes_with_options(bytes, &opts) {
                Ok(r) => texts.push(r.content_text),
                Err(_) => {
                    failed += 1;
                    texts.push(String::new())
                }
            }
        }
        passes.push(t0.elapsed());
    }

    std::fs::create_dir_all(&out_dir).unwrap_or_else(|e| {
        eprintln!("peer: cannot create {}: {e}", out_dir.display());
        std::process::exit(1)
    });
    let out_path = out_dir.join("pairs.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&out_path).unwrap_or_else(|e| {
        eprintln!("peer: cannot write {}: {e}", out_path.display());
        std::process::exit(1)
    }));
    for ((id, _), t) in pages.iter().zip(&texts) {
        if t.trim().is_empty() {
            continue;
        }
        let rec = serde_json::json!({"id": id, "en": t, "ko": "", "en_blocks": [0], "ko_blocks": []});
        writeln!(out, "{rec}").expect("write pairs.jsonl");
    }
    out.flush().expect("flush pairs.jsonl");
    drop(out);

    let n = pages.len().max(1) as f64;
    let mut sorted = passes.clone();
    sorted.sort();
    let (min, med) = (ms(sorted[0]), ms(sorted[sorted.len() / 2]));
    eprintln!("peer rs-trafilatura 0.2.2 options={mode} pages={} failed={failed} repeat={repeat}", pages.len());
    eprintln!(
        "extract: min {:.1} ms total, {:.2} ms/page; median {:.1} ms total, {:.2} ms/page",
        min,
        min / n,
        med,
        med / n
    );
    let run = ms(run_start.elapsed());
    eprintln!("whole run (read + {repeat}x extract + write): {run:.1} ms, {:.2} ms/page/pass", run / n / repeat as f64);
}
