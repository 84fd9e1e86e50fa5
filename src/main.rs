//! The koen-align command line: a thin layer over the library.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use koen_align::{
    audit_records, load_row, load_stream_line, process, records, run_manifest, write_folder, write_jsonl, BatchConfig,
    BatchEvidence, BlockMode, Error, ExtractFormat, Format, InputKind, Level, Line, LineReader, ManifestRow, Options,
    OptionsBuilder, Progress, Source, Strategy,
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
    /// Align one article pair (or one bilingual page); pairs go to stdout as JSON lines
    /// unless --out is given.
    Align {
        /// The Korean edition (plain text or HTML).
        #[arg(long, required_unless_present = "page", requires = "en")]
        ko: Option<PathBuf>,
        /// The English edition.
        #[arg(long, required_unless_present = "page", requires = "ko")]
        en: Option<PathBuf>,
        /// One page holding both editions (interleaved or one after the other), or a page in
        /// one language with the other's interface strings.
        #[arg(long, conflicts_with_all = ["ko", "en"])]
        page: Option<PathBuf>,
        /// Write pairs.jsonl, audit.jsonl (removed blocks), audit-inline.jsonl (stripped
        /// fragments) and summary.json into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
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
    Batch {
        /// The manifest; its paths are relative to its own folder.
        manifest: PathBuf,
        /// Output folder for pairs.jsonl, audit.jsonl (removed blocks), audit-inline.jsonl
        /// (stripped fragments) and summary.json.
        #[arg(long)]
        out: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// How pairs are written: JSON lines, TSV (ko, en, score) or Moses (two line-aligned files).
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
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
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Align documents given as JSON lines on stdin (`{"id","ko","en"}` or `{"id","page"}`,
    /// text or HTML), one at a time; pair records go to stdout as JSON lines. For Unix pipes
    /// and Hadoop or Spark streaming.
    Stream {
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
    Pair {
        /// Pages, folders (walked, hidden files skipped), list files (`.lst` or `.list`: one path
        /// a line), or `-` to read a list of paths from stdin.
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
    ///
    /// Example: koen-align extract crawl/*.html --format markdown --out articles/ --audit removed.jsonl
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
    Audit {
        /// The output folder (holding audit.jsonl and audit-inline.jsonl).
        dir: PathBuf,
        /// Also list each document's removals by rule.
        #[arg(long)]
        per_document: bool,
    },
    /// Score an output folder against a gold evaluation set.
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
    /// Do not learn word associations from the batch's confident pairs (batch only).
    #[arg(long)]
    no_self_train: bool,
    /// Override aligner parameters, for tuning: `name=value,name=value`.
    #[arg(long, value_name = "PARAMS", hide = true)]
    tune: Option<String>,
}

impl CommonArgs {
    fn options(&self) -> Result<Options> {
        Ok(self
            .page
            .apply(Options::builder())
            .dictionary_file(self.dict.clone())
            .level(self.level)
            .min_score(self.min_score)
            .strategy(self.strategy)
            .without_signals(self.without.clone())
            .self_train(!self.no_self_train)
            .tune(self.tune.clone())
            .build()?)
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
        Command::Align { ko, en, page, out, id, report, common } => {
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
            let id = id.unwrap_or_else(|| default_id(&first));
            let row = ManifestRow { line: 0, id: id.clone(), source, input: None, encoding: None };
            let loaded = load_row(&row, &options.read, &options.limits)?;
            let doc = process(&id, loaded, &options, &BatchEvidence::default());
            match out {
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    write_jsonl(&mut lock, &records(&doc, &options.output))?;
                    lock.flush()?;
                }
                Some(dir) => {
                    write_folder(&dir, &[&doc], Format::Jsonl, options.output)?;
                }
            }
            if let Some(path) = report {
                let html = koen_align::render_report(std::slice::from_ref(&doc), &format!("koen-align report: {id}"));
                write_file(&path, |w| w.write_all(html.as_bytes()))?;
            }
            let removed = doc.audit.len();
            let kept = doc.beads.iter().filter(|b| !b.is_null()).count();
            eprintln!(
                "koen-align: {} pairs, {} unpaired blocks, {} removals audited",
                kept,
                doc.beads.len() - kept,
                removed
            );
            Ok(0)
        }
        Command::Batch {
            manifest,
            out,
            threads,
            format,
            resume,
            quiet,
            strict,
            chunk_size,
            sample_size,
            report,
            common,
        } => {
            let options = common.options()?;
            if let Some(n) = threads {
                if n == 0 {
                    bail!("--threads must be at least 1");
                }
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .context("cannot start the thread pool")?;
            }
            let config = BatchConfig { chunk_size, sample_size, resume, format, report };
            let mut bar = ProgressBar::new(!quiet && std::io::stderr().is_terminal());
            let summary = run_manifest(&manifest, &out, &options, &config, &mut |p| bar.show(p))?;
            let t = &summary.totals;
            eprintln!(
                "koen-align: {} documents: {} ok, {} failed; {} pairs written to {}",
                t.documents,
                t.ok,
                t.failed,
                t.counts.pairs.values().sum::<usize>(),
                out.display()
            );
            if t.failed > 0 {
                eprintln!("  see {} for each failed document and why", out.join("summary.json").display());
            }
            Ok(if strict && t.failed > 0 { 1 } else { 0 })
        }
        Command::Stream { audit, strict, common } => stream(&common.options()?, audit.as_deref(), strict),
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

fn stream(options: &Options, audit_path: Option<&Path>, strict: bool) -> Result<i32> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut audit = match audit_path {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("{}: cannot create", p.display()))?,
        )),
        None => None,
    };
    let (read, limits) = (&options.read, &options.limits);
    let mut lines = LineReader::new(std::io::stdin().lock(), limits.max_line_bytes());
    let mut failed = 0usize;
    while let Some(line) = lines.next_line().context("stdin: cannot read")? {
        let n = lines.number();
        let loaded = match line {
            Line::Complete(bytes) => load_stream_line(&bytes, n, read, limits),
            Line::TooLong => Err(Error::StreamLineTooLong { line: n, cap: lines.cap() }),
        };
        match loaded {
            Ok(None) => {}
            Ok(Some(d)) => {
                let doc = process(&d.id, d.document, options, &BatchEvidence::default());
                write_jsonl(&mut out, &records(&doc, &options.output))?;
                out.flush()?;
                if let Some(a) = audit.as_mut() {
                    write_jsonl(a, &audit_records(&doc))?;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}", serde_json::json!({"line": n, "error": e.to_string()}));
            }
        }
    }
    if let Some(a) = audit.as_mut() {
        a.flush()?;
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

fn default_id(ko: &Path) -> String {
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
