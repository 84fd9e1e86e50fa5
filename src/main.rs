//! The koen-align command line: a thin layer over the library.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use koen_align::batch::{self, BatchConfig, Format};
use std::io::IsTerminal;
use koen_align::boilerplate::rules::RuleSet;
use koen_align::eval::{self, Level};
use koen_align::align::{lexicon::Lexicon, Signals, Strategy};
use koen_align::input::manifest::{ManifestRow, Source};
use koen_align::input::{text::BlockMode, InputKind, ReadOptions};
use koen_align::output::{audit_records, records, write_jsonl, DocCounts, DocSummary, Status, Summary};
use koen_align::Options;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
        /// Write pairs.jsonl, audit.jsonl and summary.json into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Document id used in the output (default: the Korean file's folder name or stem).
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Align every article pair of a manifest (TSV with header `id<TAB>ko<TAB>en`).
    Batch {
        /// The manifest; its paths are relative to its own folder.
        manifest: PathBuf,
        /// Output folder for pairs.jsonl, audit.jsonl and summary.json.
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
        #[command(flatten)]
        common: CommonArgs,
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

#[derive(Args)]
struct CommonArgs {
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
        let mut rules = RuleSet::default();
        if let Some(path) = &self.rules {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read rules", path.display()))?;
            rules.extend(&text, &path.display().to_string())?;
        }
        let mut lexicon = Lexicon::builtin();
        if let Some(path) = &self.dict {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read dictionary", path.display()))?;
            lexicon.extend(&text, &path.display().to_string())?;
        }
        let mut options = Options::with_data(Arc::new(rules), Arc::new(lexicon));
        options.level = self.level;
        options.read = ReadOptions { kind: self.input, blocks: self.blocks, encoding: self.encoding.clone() };
        options.min_score = self.min_score;
        options.strategy = self.strategy;
        options.self_train = !self.no_self_train;
        if let Some(list) = &self.without {
            options.align.signals = Signals::without(list).map_err(anyhow::Error::msg)?;
        }
        if let Some(assignments) = &self.tune {
            options.align.set(assignments).map_err(anyhow::Error::msg)?;
        }
        Ok(options)
    }
}

fn main() {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            // A closed pipe (`koen-align align … | head`) is not an error.
            if err.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) {
                std::process::exit(0);
            }
            eprintln!("koen-align: {err:#}");
            std::process::exit(2);
        }
    }
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Align { ko, en, page, out, id, common } => {
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
            let doc = batch::process_row(&row, &options)?;
            match out {
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    write_jsonl(&mut lock, &records(&doc, options.level, options.min_score))?;
                    lock.flush()?;
                }
                Some(dir) => {
                    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
                    write_file(&dir.join("pairs.jsonl"), |w| write_jsonl(w, &records(&doc, options.level, options.min_score)))?;
                    write_file(&dir.join("audit.jsonl"), |w| write_jsonl(w, &audit_records(&doc)))?;
                    let mut summary = Summary::default();
                    summary.push(DocSummary { id, status: Status::Ok, error: None, counts: DocCounts::of(&doc) });
                    batch::write_summary(&dir.join("summary.json"), &summary)?;
                }
            }
            let removed = doc.audit.len();
            let kept = doc.beads.iter().filter(|b| !b.is_null()).count();
            eprintln!("koen-align: {} pairs, {} unpaired blocks, {} removals audited", kept, doc.beads.len() - kept, removed);
            Ok(0)
        }
        Command::Batch { manifest, out, threads, format, resume, quiet, strict, chunk_size, sample_size, common } => {
            let options = common.options()?;
            if let Some(n) = threads {
                if n == 0 {
                    bail!("--threads must be at least 1");
                }
                rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("cannot start the thread pool")?;
            }
            let config = BatchConfig {
                chunk_size,
                sample_size,
                resume,
                format,
                progress: !quiet && std::io::stderr().is_terminal(),
            };
            let summary = batch::run_manifest(&manifest, &out, &options, &config)?;
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
        Command::Eval { set_dir, out_dir, level, mixed } => {
            let score = eval::score(&set_dir, &out_dir, level, mixed)?;
            println!("{}", serde_json::to_string(&score)?);
            Ok(0)
        }
    }
}

fn default_id(ko: &Path) -> String {
    let parent = ko.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
    parent.filter(|p| !p.is_empty()).unwrap_or_else(|| ko.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "doc".into()))
}

fn write_file(path: &Path, f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut file = koen_align::output::AtomicFile::create(path)?;
    f(file.writer()).with_context(|| format!("{}: cannot write", path.display()))?;
    file.commit()?;
    Ok(())
}
