//! The koen-align command line: a thin layer over the library.

use anyhow::{bail, Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand};
use koen_align::{
    audit_records, load_page, load_pair_pages, load_stream_line, open_stream, process, read_page, read_page_from,
    records, run_manifest, write_folder_with, write_jsonl, write_pairs, BatchConfig, BatchEvidence, BlockMode, Dedup,
    DedupCounts, DocCounts, Error, ExtractFormat, FolderConfig, Format, InputKind, Level, Line, LineReader, Options,
    OptionsBuilder, PageBytes, Progress, RunInfo, Source, Strategy, StreamInput,
};
use std::io::IsTerminal;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Turn scraped Korean and English news pages into clean, audited parallel text.
#[derive(Parser)]
#[command(name = "koen-align", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Align one article pair (or one bilingual page); pairs go to stdout (JSON lines or TSV)
    /// unless --out is given.
    ///
    /// A page is a file (plain text or HTML, gzip- or zstd-compressed or not), a record of a
    /// WARC file named PATH#URI, or - for stdin (one page at most).
    #[command(
        after_help = "Examples:\n  koen-align align --ko ko.html --en en.html\n  koen-align align --ko ko.txt --en en.txt --out out/ --report out/report.html\n  koen-align align --page bilingual.html --level sentence\n  curl -s https://example.com/ko/1 | koen-align align --ko - --en en.html"
    )]
    Align {
        /// The Korean edition (plain text or HTML), or - to read it from stdin.
        #[arg(long, required_unless_present = "page", requires = "en")]
        ko: Option<PathBuf>,
        /// The English edition, or - to read it from stdin.
        #[arg(long, required_unless_present = "page", requires = "ko")]
        en: Option<PathBuf>,
        /// One page holding both editions (interleaved or one after the other), or a page in
        /// one language with the other's interface strings; - reads it from stdin.
        #[arg(long, conflicts_with_all = ["ko", "en"])]
        page: Option<PathBuf>,
        /// Write the pair file (pairs.jsonl, .tsv, .ko + .en or .tmx), audit.jsonl (removed
        /// blocks), audit-inline.jsonl (stripped fragments) and summary.json into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// How pairs are written: JSON lines, TSV, Moses (two line-aligned files) or TMX 1.4;
        /// moses and tmx need --out.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
        /// Also write every audit record (removed blocks and stripped fragments, told apart by
        /// `scope`) to this file; without --out it is the only place they are kept.
        #[arg(long, value_name = "FILE")]
        audit: Option<PathBuf>,
        /// Leave out pairs that repeat an earlier pair of the article, exactly or once case,
        /// punctuation and digits are set aside.
        #[arg(long)]
        dedup: bool,
        /// Document id used in the output (default: the Korean file's folder name or stem).
        #[arg(long)]
        id: Option<String>,
        /// Also write a self-contained HTML page showing both editions side by side, the pairs
        /// with their scores and every removal with its reason.
        #[arg(long, value_name = "FILE.html")]
        report: Option<PathBuf>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Align every article pair of a manifest (TSV with header `id<TAB>ko<TAB>en`).
    ///
    /// Columns beyond id, ko, en, page, input and encoding (url_ko, url_en, anything) are
    /// carried to every pair record. A page may be a record of a WARC file, named PATH#URI.
    #[command(
        after_help = "Examples:\n  koen-align batch corpus/manifest.tsv --out out/\n  koen-align batch manifest.tsv --out out/ --format tsv --min-score 0.5 --threads 8\n  koen-align batch manifest.tsv --out out/ --resume\n  koen-align batch manifest.tsv.gz --out out/\n  koen-align batch crawl.warc.gz --out out/   # each HTML page of the crawl a document\n  find-pairs | koen-align batch - --out out/"
    )]
    Batch {
        /// The manifest (TSV, or gzip- or zstd-compressed TSV; its paths are relative to its
        /// own folder); a WARC file (.warc, .warc.gz: each HTML response record is a
        /// bilingual or one-language page, its id the record's URI); or - to read the manifest
        /// from stdin (its paths then relative to the working folder).
        manifest: PathBuf,
        /// Output folder for pairs.jsonl, audit.jsonl (removed blocks), audit-inline.jsonl
        /// (stripped fragments) and summary.json.
        #[arg(long)]
        out: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// How pairs are written: JSON lines, TSV (ko, en, score; with URLs first when known),
        /// Moses (two line-aligned files) or TMX 1.4 (pairs.tmx).
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
        /// Leave out pairs that repeat an earlier pair of the batch (in manifest order), exactly
        /// or once case, punctuation and digits are set aside; summary.json counts them.
        #[arg(long)]
        dedup: bool,
        /// Continue an interrupted run in the same output folder (finished documents are kept).
        #[arg(long)]
        resume: bool,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        /// Exit with status 1 if any document failed.
        #[arg(long)]
        strict: bool,
        /// Documents processed and written together (memory grows with it).
        #[arg(long, default_value_t = 256, hide = true)]
        chunk_size: usize,
        /// Documents at the start of the manifest that batch evidence is learnt from.
        #[arg(long, default_value_t = 2000)]
        sample_size: usize,
        /// Also write a self-contained HTML page showing every document's two editions side by
        /// side, the pairs with their scores and every removal with its reason.
        #[arg(long, value_name = "FILE.html")]
        report: Option<PathBuf>,
        /// Do not learn word associations from the batch's confident pairs.
        #[arg(long)]
        no_self_train: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Align documents given as JSON lines on stdin (`{"id","ko","en"}` or `{"id","page"}`,
    /// text or HTML), one at a time; pair records go to stdout as JSON lines (or TSV rows). For
    /// Unix pipes and Hadoop or Spark streaming.
    ///
    /// A line's other string fields are carried to its pair records (url_ko and url_en as the
    /// editions' URLs, the others in meta). Stdin may be gzip- or zstd-compressed, and may be
    /// a WARC file: each HTML response record is then a page document, its id the URI.
    #[command(
        after_help = "Examples:\n  koen-align stream < docs.jsonl > pairs.jsonl\n  echo '{\"id\":\"d1\",\"ko\":\"수출이 늘었다.\",\"en\":\"Exports rose.\"}' | koen-align stream\n  zcat crawl.warc.gz | koen-align stream > pairs.jsonl"
    )]
    Stream {
        /// How pairs are written to stdout: JSON lines or TSV (moses and tmx are files: use
        /// batch or align --out).
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
        /// Leave out pairs that repeat an earlier pair of the stream, exactly or once case,
        /// punctuation and digits are set aside (a hash per kept pair is held in memory).
        #[arg(long)]
        dedup: bool,
        /// Also write each document's audit records to this file: removed blocks and stripped
        /// fragments together, told apart by `scope`.
        #[arg(long)]
        audit: Option<PathBuf>,
        /// Exit with status 1 if any line failed (each failed line is reported on stderr).
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Find which Korean page and which English page of a crawl are editions of one article,
    /// and write a manifest of the pairs for `batch`.
    ///
    /// Example: koen-align pair crawl/ --out paired/ && koen-align batch paired/manifest.tsv --out corpus/
    #[command(
        after_help = "Examples:\n  koen-align pair crawl/ --out paired/\n  find crawl -name '*.html' | koen-align pair - --out paired/\n  koen-align batch paired/manifest.tsv --out corpus/"
    )]
    Pair {
        /// Pages, folders (walked, hidden files skipped), WARC files (each HTML response record
        /// a page, named PATH#URI), list files (`.lst` or `.list`: one path a line), or `-` to
        /// read a list of paths from stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder for manifest.tsv (id, ko, en, score), unpaired.tsv (every page
        /// without a counterpart, and why) and summary.json.
        #[arg(long)]
        out: PathBuf,
        /// The score a pair needs, in [0, 1].
        #[arg(long, default_value_t = koen_align::PairOptions::default().threshold)]
        threshold: f32,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Extract the article text of pages in Korean or English, with title, date, author and
    /// URL, read, cleaned and audited as `align --page` does; a bilingual page gives its two
    /// articles, labelled `ko` and `en`. A page that cannot be read is reported on stderr and
    /// the others go on.
    #[command(
        after_help = "Examples:\n  koen-align extract page.html\n  koen-align extract crawl/*.html --format markdown --out articles/ --audit removed.jsonl"
    )]
    Extract {
        /// The pages (text or HTML, UTF-8 or legacy Korean encodings).
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// How each article is written.
        #[arg(long, value_enum, default_value = "json")]
        format: ExtractFormat,
        /// Write each article to DIR/<stem>.json, .md or .txt (a bilingual page's to
        /// <stem>.ko.… and <stem>.en.…) instead of stdout.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write every page's removals to this file, as audit.jsonl's records (the page as
        /// `id`; removed blocks and stripped fragments together, told apart by `scope`).
        #[arg(long, value_name = "FILE")]
        audit: Option<PathBuf>,
        /// Exit with status 1 if any page could not be extracted.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Summarise an output folder's audit: removals by rule with examples, in total and
    /// per document.
    #[command(after_help = "Examples:\n  koen-align audit out/\n  koen-align audit out/ --per-document")]
    Audit {
        /// The output folder (holding audit.jsonl and audit-inline.jsonl).
        dir: PathBuf,
        /// Also list each document's removals by rule.
        #[arg(long)]
        per_document: bool,
    },
    /// Score an output folder against a gold evaluation set.
    #[command(
        after_help = "Examples:\n  koen-align eval ../shared/eval/ntrex-dev out/\n  koen-align eval ../shared/eval/park-dev out/ --level sentence"
    )]
    Eval {
        /// The evaluation set (holding docs/<id>/gold.json).
        set_dir: PathBuf,
        /// The output folder (holding pairs.jsonl and audit.jsonl).
        out_dir: PathBuf,
        /// Compare paragraph beads or sentence pairs.
        #[arg(long, value_enum, default_value = "paragraph")]
        level: Level,
        /// Compare removals regardless of side (for mixed pages).
        #[arg(long)]
        mixed: bool,
    },
}

/// How pages are read and cleaned: the options of every command that reads pages.
#[derive(Args)]
struct PageArgs {
    /// Extra boilerplate rules (same TSV format as data/boilerplate-rules.tsv); a rule with an
    /// existing id replaces it.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Input format: plain text, HTML, or decide per file (.html name or markup).
    #[arg(long, value_enum, default_value = "auto")]
    input: InputKind,
    /// How plain text is cut into blocks: by lines, by blank lines, or decided per page.
    #[arg(long, value_enum, default_value = "auto")]
    blocks: BlockMode,
    /// The encoding of the input files (a label such as euc-kr or cp949, or auto to detect);
    /// by default plain text must be UTF-8 and HTML follows its BOM, <meta> charset or detection.
    #[arg(long)]
    encoding: Option<String>,
    /// Remove nothing: every block is kept, but what would have been removed is still audited.
    #[arg(long)]
    keep_boilerplate: bool,
    /// The largest page read, in bytes (default 20000000): a larger file, or a larger page in a
    /// stream line, fails as not an article, before it is read.
    #[arg(long, value_name = "BYTES")]
    max_page_bytes: Option<usize>,
}

impl PageArgs {
    /// The builder with these options set.
    fn apply(&self, builder: OptionsBuilder) -> OptionsBuilder {
        builder
            .rules_file(self.rules.clone())
            .input(self.input)
            .blocks(self.blocks)
            .encoding(self.encoding.clone())
            .keep_boilerplate(self.keep_boilerplate)
            .max_page_bytes(self.max_page_bytes)
    }

    fn options(&self) -> Result<Options> {
        Ok(self.apply(Options::builder()).build()?)
    }
}

#[derive(Args)]
struct CommonArgs {
    #[command(flatten)]
    page: PageArgs,
    /// A user dictionary in hunalign format (`english @ 한국어` a line), added to the built-in lexicon.
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Write paragraph beads or the sentence pairs inside them.
    #[arg(long, value_enum, default_value = "paragraph")]
    level: Level,
    /// Leave out pairs whose score is below this (null beads are always written).
    #[arg(long, default_value_t = 0.0)]
    min_score: f32,
    /// Align sentences across the article (default) or paragraphs only, for comparison.
    #[arg(long, value_enum, default_value = "sentence", hide = true)]
    strategy: Strategy,
    /// Switch evidence off, for ablation: a comma-separated list of length, anchors, names, lexicon.
    #[arg(long, value_name = "SIGNALS", hide = true)]
    without: Option<String>,
    /// Override aligner parameters, for tuning: `name=value,name=value`.
    #[arg(long, value_name = "PARAMS", hide = true)]
    tune: Option<String>,
}

impl CommonArgs {
    fn options(&self) -> Result<Options> {
        Ok(self.builder().build()?)
    }

    fn builder(&self) -> OptionsBuilder {
        self.page
            .apply(Options::builder())
            .dictionary_file(self.dict.clone())
            .level(self.level)
            .min_score(self.min_score)
            .strategy(self.strategy)
            .without_signals(self.without.clone())
            .tune(self.tune.clone())
    }
}

fn main() {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            // A closed pipe (`koen-align align … | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                std::process::exit(0);
            }
            eprintln!("koen-align: {}", message(&err));
            std::process::exit(2);
        }
    }
}

/// An error and its causes on one line, each cause once. The library's errors already quote
/// their cause (`x.txt: cannot read: No such file…`), so a batch summary entry is complete on
/// its own, and also return it as their `source()`: anyhow's `{:#}` would print it twice.
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.is_empty() {
            text = part;
        } else if !text.ends_with(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
    }
    text
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Align { ko, en, page, out, format, audit, dedup, id, report, common } => {
            if out.is_none() && !format.is_line_stream() {
                usage_error(
                    "align",
                    &format!(
                        "--format {} writes {}: give --out DIR (without --out, pairs go to stdout as jsonl or tsv)",
                        format_name(format),
                        files_phrase(format)
                    ),
                );
            }
            let options = common.options()?;
            let source = match (ko, en, page) {
                (_, _, Some(page)) => Source::Page(page),
                (Some(ko), Some(en), None) => Source::Pair { ko, en },
                _ => bail!("give --ko and --en, or --page"),
            };
            let first = match &source {
                Source::Pair { ko, .. } => ko.clone(),
                Source::Page(p) => p.clone(),
            };
            // A page's own name: pages of one folder would all get the folder's.
            let id = id.unwrap_or_else(|| match &source {
                Source::Page(p) if p != Path::new(STDIN) => file_stem(p),
                _ => default_id(&first),
            });
            let loaded = load_align_pages(&source, &options)?;
            let doc = process(&id, loaded, &options, &BatchEvidence::default());
            let (written, pairs_to) = match &out {
                None => {
                    let mut rows = records(&doc, &options.output);
                    let dropped = dedup.then(|| Dedup::new().retain(&mut rows));
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    write_pairs(&rows, format, &mut [&mut lock])?;
                    lock.flush()?;
                    (DocCounts::written(&doc, &rows, format, dropped), "stdout".to_owned())
                }
                Some(dir) => {
                    let config = FolderConfig { format, output: options.output, dedup };
                    let summary = write_folder_with(dir, &[&doc], &config, RunInfo::new(&options, format))?;
                    (summary.totals.counts, pair_files_in(dir, format))
                }
            };
            if let Some(path) = &audit {
                write_file(path, |w| write_jsonl(w, &audit_records(&doc)))?;
            }
            if let Some(path) = report {
                let html = koen_align::render_report(std::slice::from_ref(&doc), &format!("koen-align report: {id}"));
                write_file(&path, |w| w.write_all(html.as_bytes()))?;
            }
            // Where the removals went: the folder, the --audit file, or nowhere (and how to keep them).
            let removals = doc.audit.len();
            let mut kept_in = Vec::new();
            if let Some(dir) = &out {
                kept_in.push(files_in(dir, &["audit.jsonl", "audit-inline.jsonl"]));
            }
            if let Some(path) = &audit {
                kept_in.push(path.display().to_string());
            }
            let audited = if removals == 0 {
                "nothing removed".to_owned()
            } else if kept_in.is_empty() {
                format!(
                    "{removals} removal{} audited but not written (--audit FILE or --out DIR keeps them)",
                    plural(removals)
                )
            } else {
                format!("{removals} removal{} audited in {}", plural(removals), kept_in.join(", and in "))
            };
            eprintln!(
                "koen-align: {} written to {pairs_to}{}; {audited}",
                written_phrase(format, &written),
                dedup_clause(&written)
            );
            Ok(0)
        }
        Command::Batch {
            manifest,
            out,
            threads,
            format,
            dedup,
            resume,
            quiet,
            strict,
            chunk_size,
            sample_size,
            report,
            no_self_train,
            common,
        } => {
            let options = common.builder().self_train(!no_self_train).build()?;
            if let Some(n) = threads {
                if n == 0 {
                    bail!("--threads must be at least 1");
                }
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .context("cannot start the thread pool")?;
            }
            let config = BatchConfig { chunk_size, sample_size, resume, format, report, dedup };
            let mut bar = ProgressBar::new(!quiet && std::io::stderr().is_terminal());
            let summary = run_manifest(&manifest, &out, &options, &config, &mut |p| bar.show(p))?;
            if let Ok(Some(warc)) = koen_align::warc_contents(&manifest) {
                report_warc(&manifest, &warc.skipped, warc.pages.len());
            }
            let t = &summary.totals;
            eprintln!(
                "koen-align: {} documents: {} ok, {} failed; {} written to {}{}",
                t.documents,
                t.ok,
                t.failed,
                written_phrase(format, &t.counts),
                pair_files_in(&out, format),
                dedup_clause(&t.counts)
            );
            if t.failed > 0 {
                eprintln!("  see {} for each failed document and why", out.join("summary.json").display());
            }
            Ok(if strict && t.failed > 0 { 1 } else { 0 })
        }
        Command::Stream { format, dedup, audit, strict, common } => {
            if !format.is_line_stream() {
                usage_error(
                    "stream",
                    &format!(
                        "--format {} writes {}, and stream writes one stream of lines to stdout: use jsonl or tsv, or run batch (or align --out) for {}",
                        format_name(format),
                        files_phrase(format),
                        format_name(format)
                    ),
                );
            }
            stream(&common.options()?, format, dedup, audit.as_deref(), strict)
        }
        Command::Pair { paths, out, threshold, threads, quiet, common } => {
            pair(&paths, &out, threshold, threads, quiet, &common.options()?)
        }
        Command::Extract { pages, format, out, audit, strict, page } => {
            extract(&pages, format, out.as_deref(), audit.as_deref(), strict, &page.options()?)
        }
        Command::Audit { dir, per_document } => {
            use koen_align::{read_audit, render_table, summarize};
            let rows = read_audit(&dir)?;
            let mut out = std::io::stdout().lock();
            out.write_all(render_table(&summarize(&rows), per_document).as_bytes())?;
            Ok(0)
        }
        Command::Eval { set_dir, out_dir, level, mixed } => {
            let score = koen_align::score(&set_dir, &out_dir, level, mixed)?;
            println!("{}", serde_json::to_string(&score)?);
            Ok(0)
        }
    }
}

/// The batch's progress on stderr (drawn only when asked and stderr is a terminal).
struct ProgressBar {
    show: bool,
    bar: Option<indicatif::ProgressBar>,
}

impl ProgressBar {
    fn new(show: bool) -> ProgressBar {
        ProgressBar { show, bar: None }
    }

    fn show(&mut self, progress: Progress) {
        use indicatif::{ProgressDrawTarget, ProgressStyle};
        if !self.show {
            return;
        }
        match progress {
            Progress::Learning { documents } => {
                let bar =
                    indicatif::ProgressBar::with_draw_target(Some(documents as u64), ProgressDrawTarget::stderr());
                let template = "{spinner} {bar:40} {pos}/{len} documents  {per_sec}  ETA {eta}  {msg}";
                if let Ok(style) = ProgressStyle::with_template(template) {
                    bar.set_style(style);
                }
                bar.set_message("learning from the first documents");
                self.bar = Some(bar);
            }
            Progress::Aligning => self.bar.iter().for_each(|b| b.set_message("aligning")),
            Progress::Done(n) => self.bar.iter().for_each(|b| b.inc(n as u64)),
            Progress::Finishing => self.bar.iter().for_each(|b| b.finish_and_clear()),
        }
    }
}

fn stream(options: &Options, format: Format, dedup: bool, audit_path: Option<&Path>, strict: bool) -> Result<i32> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut audit = match audit_path {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("{}: cannot create", p.display()))?,
        )),
        None => None,
    };
    let (read, limits) = (&options.read, &options.limits);
    let mut failed = 0usize;
    // Across the whole stream, in input order.
    let mut dedup = dedup.then(Dedup::new);
    let mut dropped = DedupCounts::default();
    let mut write = |doc: koen_align::Document| -> Result<()> {
        let mut rows = records(&doc, &options.output);
        if let Some(d) = dedup.as_mut() {
            dropped.add(&d.retain(&mut rows));
        }
        write_pairs(&rows, format, &mut [&mut out])?;
        out.flush()?;
        if let Some(a) = audit.as_mut() {
            write_jsonl(a, &audit_records(&doc))?;
        }
        Ok(())
    };
    match open_stream(std::io::stdin(), Path::new("stdin"), limits)? {
        StreamInput::Lines(input) => {
            let mut lines = LineReader::new(input, limits.max_line_bytes());
            while let Some(line) = lines.next_line().context("stdin: cannot read")? {
                let n = lines.number();
                let loaded = match line {
                    Line::Complete(bytes) => load_stream_line(&bytes, n, read, limits),
                    Line::TooLong => Err(Error::StreamLineTooLong { line: n, cap: lines.cap() }),
                };
                match loaded {
                    Ok(None) => {}
                    Ok(Some(d)) => write(process(&d.id, d.document, options, &BatchEvidence::default()))?,
                    Err(e) => {
                        failed += 1;
                        eprintln!("{}", serde_json::json!({"line": n, "error": e.to_string()}));
                    }
                }
            }
        }
        StreamInput::Warc(mut pages) => {
            let mut read_pages = 0usize;
            while let Some(page) = pages.next_page() {
                let loaded = page.map_err(|(record, e)| (record.map(|r| r.uri), e)).and_then(|(bytes, record)| {
                    let name = koen_align::record_name(Path::new("stdin"), &record.uri);
                    let uri = record.uri.clone();
                    let page = PageBytes { bytes: bytes.into(), record: Some(record) };
                    load_page(page, &name, read, limits).map(|d| (uri.clone(), d)).map_err(|e| (Some(uri), e))
                });
                read_pages += 1;
                match loaded {
                    Ok((uri, d)) => write(process(&uri, d, options, &BatchEvidence::default()))?,
                    Err((uri, e)) => {
                        failed += 1;
                        eprintln!("{}", serde_json::json!({"uri": uri, "error": e.to_string()}));
                    }
                }
            }
            report_warc(Path::new("stdin"), pages.skipped(), read_pages);
        }
    }
    if let Some(a) = audit.as_mut() {
        a.flush()?;
    }
    if dedup.is_some() {
        eprintln!("koen-align: --dedup: {}", dedup_phrase(&dropped));
    }
    // As in batch: a failed line is reported and the stream goes on; only --strict makes it
    // fail the run (a Hadoop streaming task fails on a non-zero status).
    Ok(if strict && failed > 0 { 1 } else { 0 })
}

fn pair(
    paths: &[PathBuf],
    out: &Path,
    threshold: f32,
    threads: Option<usize>,
    quiet: bool,
    options: &Options,
) -> Result<i32> {
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold must be in [0, 1], not {threshold}");
    }
    if let Some(n) = threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("cannot start the thread pool")?;
    }
    let mut given = Vec::new();
    for p in paths {
        let list = p.extension().is_some_and(|e| e == "lst" || e == "list");
        if p.as_os_str() == "-" {
            given.extend(path_list(std::io::stdin().lock(), Path::new("stdin"))?);
        } else if list {
            let file = std::fs::File::open(p).with_context(|| format!("{}: cannot read", p.display()))?;
            given.extend(path_list(std::io::BufReader::new(file), p)?);
        } else {
            given.push(p.clone());
        }
    }
    for p in &given {
        if let Ok(Some(warc)) = koen_align::warc_contents(p) {
            report_warc(p, &warc.skipped, warc.pages.len());
        }
    }
    let files = koen_align::page_files(&given);
    let pair_options = koen_align::PairOptions { threshold, ..Default::default() };
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar =
            indicatif::ProgressBar::with_draw_target(Some(files.len() as u64), indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} pages  {per_sec}  ETA {eta}")
        {
            bar.set_style(style);
        }
        bar
    });
    let crawl = koen_align::pair_files(&files, options, &pair_options, &|n| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let summary = koen_align::write_pairing(out, &crawl, &pair_options)?;
    eprintln!(
        "koen-align: {} pages ({} Korean, {} English): {} pairs written to {}; {} pages unpaired (see {})",
        summary.pages,
        summary.korean,
        summary.english,
        summary.pairs,
        out.join("manifest.tsv").display(),
        summary.unpaired.values().sum::<usize>(),
        out.join("unpaired.tsv").display()
    );
    Ok(0)
}

/// Says on stderr how many pages a WARC file gave and which records were skipped.
fn report_warc(path: &Path, skipped: &koen_align::SkippedRecords, pages: usize) {
    let skipped = if skipped.total() == 0 { String::new() } else { format!("; skipped {skipped}") };
    eprintln!("koen-align: {}: {pages} HTML pages read as documents{skipped}", path.display());
}

/// `extract`: each page's articles to stdout or to files of their own, its removals to the
/// audit file; a page that cannot be extracted is reported and the others go on.
fn extract(
    pages: &[PathBuf],
    format: ExtractFormat,
    out: Option<&Path>,
    audit_path: Option<&Path>,
    strict: bool,
    options: &Options,
) -> Result<i32> {
    if let Some(dir) = out {
        // Files are named by the page's stem: two pages with one stem would overwrite each other.
        let mut stems = std::collections::HashMap::new();
        for p in pages {
            if let Some(other) = stems.insert(stem(p), p) {
                bail!(
                    "{} and {} would both be written to {}: --out names files by stem",
                    other.display(),
                    p.display(),
                    dir.join(stem(p)).display()
                );
            }
        }
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    let mut audit = match audit_path {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("{}: cannot create", p.display()))?,
        )),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    let (mut failed, mut articles) = (0usize, 0usize);
    let mut written = std::collections::HashSet::new();
    for path in pages {
        let extracted = match koen_align::extract_file(path, options) {
            Ok(x) => x,
            Err(e) => {
                failed += 1;
                eprintln!("koen-align: {e}");
                continue;
            }
        };
        let names: Vec<String> = extracted
            .articles
            .iter()
            .map(|a| match extracted.is_bilingual() {
                true => format!("{}.{}.{}", stem(path), a.lang, format.extension()),
                false => format!("{}.{}", stem(path), format.extension()),
            })
            .collect();
        // A bilingual page's names may meet those of a page whose stem ends in `.ko`.
        if let Some(taken) = out.and_then(|dir| names.iter().find(|n| written.contains(*n)).map(|n| dir.join(n))) {
            failed += 1;
            eprintln!(
                "koen-align: {}: {} was written for another page; not overwritten",
                path.display(),
                taken.display()
            );
            continue;
        }
        if let Some(a) = audit.as_mut() {
            write_jsonl(a, &extracted.audit_records())?;
        }
        for (article, name) in extracted.articles.iter().zip(names) {
            let body = match format {
                ExtractFormat::Json => format!("{}\n", serde_json::to_string(&article.record(&extracted.page))?),
                ExtractFormat::Markdown => article.to_markdown(),
                ExtractFormat::Text => article.to_text(),
            };
            if let Some(dir) = out {
                write_file(&dir.join(&name), |w| w.write_all(body.as_bytes()))?;
                written.insert(name);
            } else {
                // As `head` does with several files: each article under a line naming it.
                let headed = pages.len() > 1 || extracted.is_bilingual();
                if headed && format != ExtractFormat::Json {
                    if articles > 0 {
                        stdout.write_all(b"\n")?;
                    }
                    writeln!(stdout, "==> {} ({}) <==", extracted.page, article.lang)?;
                }
                stdout.write_all(body.as_bytes())?;
            }
            articles += 1;
        }
        stdout.flush()?;
    }
    if let Some(a) = audit.as_mut() {
        a.flush()?;
    }
    eprintln!("koen-align: {} pages: {} articles extracted, {} pages failed", pages.len(), articles, failed);
    // As batch and stream: a failed page is reported and the run goes on; only --strict fails it.
    Ok(if strict && failed > 0 { 1 } else { 0 })
}

/// A page's file stem, which names its files in an output folder.
fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "page".into())
}

/// The paths of a list: one a line, blank lines and `#` comments skipped; a relative path is
/// relative to the list's folder (stdin's: the working folder).
fn path_list(reader: impl std::io::BufRead, name: &Path) -> Result<Vec<PathBuf>> {
    let base = if name == Path::new("stdin") { None } else { name.parent() };
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line.with_context(|| format!("{}: cannot read the list of pages", name.display()))?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let p = PathBuf::from(line);
        out.push(match base {
            Some(b) if p.is_relative() => b.join(p),
            _ => p,
        });
    }
    Ok(out)
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "doc".into())
}

/// Stops with a usage error (status 2) of a subcommand, as clap reports its own.
fn usage_error(subcommand: &str, message: &str) -> ! {
    let mut cli = Cli::command();
    // Built, a subcommand's usage line names the program: `koen-align align [OPTIONS]`.
    cli.build();
    let mut command = cli.find_subcommand_mut(subcommand).cloned().unwrap_or_else(Cli::command);
    command.error(clap::error::ErrorKind::ArgumentConflict, message).exit()
}

/// A format as `--format` spells it.
fn format_name(format: Format) -> &'static str {
    use koen_align::Choice;
    format.name()
}

/// A format's pair files, for messages: `two files (pairs.ko and pairs.en)`.
fn files_phrase(format: Format) -> String {
    match format.pair_files() {
        [one] => format!("a file ({one})"),
        files => format!("{} files ({})", files.len(), files.join(" and ")),
    }
}

/// Files of a folder, for messages: `out/pairs.ko and out/pairs.en`.
fn files_in(dir: &Path, files: &[&str]) -> String {
    files.iter().map(|f| dir.join(f).display().to_string()).collect::<Vec<_>>().join(" and ")
}

/// Where a format's pairs went, for messages: `out/pairs.tsv`, `each of out/pairs.ko and
/// out/pairs.en` (a Moses line count is each file's).
fn pair_files_in(dir: &Path, format: Format) -> String {
    let files = format.pair_files();
    let each = if files.len() > 1 { "each of " } else { "" };
    format!("{each}{}", files_in(dir, files))
}

/// What a pair file got: `77 lines (66 pairs, 11 null beads)`, `66 rows`, `66 translation
/// units`. The number is the file's lines (rows, units).
fn written_phrase(format: Format, counts: &DocCounts) -> String {
    let n = counts.records();
    let (one, many) = format.unit();
    let mut text = format!("{n} {}", if n == 1 { one } else { many });
    if format.writes_null_beads() {
        let null = counts.null_beads();
        let pairs = n - null;
        text.push_str(&format!(" ({pairs} pair{}, {null} null bead{})", plural(pairs), plural(null)));
    }
    text
}

/// `; 3 repeated pairs left out (2 exact, 1 near)` after --dedup, else nothing.
fn dedup_clause(counts: &DocCounts) -> String {
    counts.dedup.as_ref().map(|d| format!("; {}", dedup_phrase(d))).unwrap_or_default()
}

/// `3 repeated pairs left out (2 exact, 1 near)`.
fn dedup_phrase(d: &DedupCounts) -> String {
    format!("{} repeated pair{} left out ({} exact, {} near)", d.total(), plural(d.total()), d.exact, d.near)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The standard input, where a page path is `-`.
const STDIN: &str = "-";

/// Reads `align`'s page or pages: files, WARC records, or one of them from stdin.
fn load_align_pages(source: &Source, options: &Options) -> Result<koen_align::LoadedDocument> {
    let limits = &options.limits;
    let stdin = Path::new("stdin");
    let is_stdin = |p: &Path| p == Path::new(STDIN);
    fn read<'a>(p: &'a Path, stdin: &'a Path, limits: &koen_align::Limits) -> Result<(PageBytes<'static>, &'a Path)> {
        Ok(if p == Path::new(STDIN) {
            (read_page_from(std::io::stdin().lock(), stdin, limits)?, stdin)
        } else {
            (read_page(p, limits)?, p)
        })
    }
    Ok(match source {
        Source::Pair { ko, en } => {
            if is_stdin(ko) && is_stdin(en) {
                bail!("--ko and --en cannot both be - (stdin holds one page)");
            }
            let (ko, ko_name) = read(ko, stdin, limits)?;
            let (en, en_name) = read(en, stdin, limits)?;
            load_pair_pages((ko, ko_name), (en, en_name), &options.read, limits)?
        }
        Source::Page(page) => {
            let (page, name) = read(page, stdin, limits)?;
            load_page(page, name, &options.read, limits)?
        }
    })
}

fn default_id(ko: &Path) -> String {
    if ko == Path::new(STDIN) {
        return "stdin".into();
    }
    let parent = ko.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
    parent
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ko.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "doc".into()))
}

fn write_file(path: &Path, f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut file = koen_align::AtomicFile::create(path)?;
    f(file.writer()).with_context(|| format!("{}: cannot write", path.display()))?;
    file.commit()?;
    Ok(())
}
