//! Settings: everything a caller chooses, with the defaults in one place, built once by
//! [`OptionsBuilder`] (the CLI and the Python bindings both call it). What a batch *learns*
//! (templates, word associations) is not a setting: it is [`crate::BatchEvidence`], passed
//! beside the options.

use crate::align::{AlignParams, Signals, Strategy};
use crate::bilingual::lexicon::Lexicon;
use crate::bilingual::selftrain::SelfTrainParams;
use crate::boilerplate::rules::RuleSet;
use crate::error::{Error, Result};
use crate::input::load::Limits;
use crate::input::text::BlockMode;
use crate::input::{InputKind, ReadOptions};
use crate::model::Level;
use crate::output::OutputOptions;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// What a batch learns from its first documents, and how.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LearnOptions {
    /// Learn word associations from a first pass's confident pairs and align again with them
    /// (Moore 2002).
    pub self_train: bool,
    /// What self-training learns from and keeps.
    pub self_train_params: SelfTrainParams,
    /// A block recurring in at least this many documents of the sample is template (0: off).
    pub template_min_documents: u32,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions { self_train: true, self_train_params: SelfTrainParams::default(), template_min_documents: 3 }
    }
}

/// Every setting of a run. Settings only: nothing here is learnt from the documents.
#[derive(Clone, Debug)]
pub struct Options {
    /// How pages are read: text or HTML, block splitting, declared encoding.
    pub read: ReadOptions,
    /// Limits that tell a page from something that is not one.
    pub limits: Limits,
    /// Boilerplate rules (the built-in set, plus any user file).
    pub rules: Arc<RuleSet>,
    /// Remove nothing: align every block as read, but still audit what would have gone.
    pub keep_boilerplate: bool,
    /// The Korean–English lexicon (the built-in list, plus any user dictionary).
    pub lexicon: Arc<Lexicon>,
    /// Aligner parameters and the signals it uses.
    pub align: AlignParams,
    /// Align sentences across the article (default) or paragraphs only.
    pub strategy: Strategy,
    /// What a batch learns from its first documents.
    pub learn: LearnOptions,
    /// What is written: paragraph beads or sentence pairs, and the score threshold.
    pub output: OutputOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            read: ReadOptions::default(),
            limits: Limits::default(),
            rules: builtin_rules(),
            keep_boilerplate: false,
            lexicon: builtin_lexicon(),
            align: AlignParams::default(),
            strategy: Strategy::default(),
            learn: LearnOptions::default(),
            output: OutputOptions::default(),
        }
    }
}

/// The built-in rules, parsed once per process (cheap to share, a few milliseconds to build).
fn builtin_rules() -> Arc<RuleSet> {
    static RULES: OnceLock<Arc<RuleSet>> = OnceLock::new();
    RULES.get_or_init(|| Arc::new(RuleSet::default())).clone()
}

/// The built-in lexicon, built once per process (it takes longer than aligning a short article).
fn builtin_lexicon() -> Arc<Lexicon> {
    static LEXICON: OnceLock<Arc<Lexicon>> = OnceLock::new();
    LEXICON.get_or_init(|| Arc::new(Lexicon::builtin())).clone()
}

/// The settings as they are serialised for the fingerprint: every one that changes output,
/// the rules as written and the lexicon by its content hash.
#[derive(Serialize)]
struct Fingerprinted<'a> {
    read: &'a ReadOptions,
    limits: &'a Limits,
    rules: &'a [crate::boilerplate::rules::Rule],
    keep_boilerplate: bool,
    lexicon: u64,
    align: &'a AlignParams,
    strategy: Strategy,
    learn: &'a LearnOptions,
    output: &'a OutputOptions,
}

impl Options {
    /// Starts building options from the defaults.
    pub fn builder() -> OptionsBuilder {
        OptionsBuilder::default()
    }

    /// The settings as `summary.json` records them: every value that changes output, the
    /// rules and lexicon by size and content hash (they are data files of thousands of lines),
    /// and the fingerprint that identifies them all.
    pub fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "read": &self.read,
            "limits": &self.limits,
            "keep_boilerplate": self.keep_boilerplate,
            "rules": self.rules.rules().len(),
            "lexicon_entries": self.lexicon.len(),
            "lexicon_hash": format!("{:016x}", self.lexicon.content_hash()),
            "align": &self.align,
            "strategy": self.strategy,
            "learn": &self.learn,
            "output": &self.output,
            "fingerprint": self.fingerprint(),
        })
    }

    /// A hash of every setting that changes output (the serialised settings, the rules as
    /// written and the lexicon's contents), to tell whether an unfinished run can be resumed
    /// with these options.
    pub fn fingerprint(&self) -> String {
        use std::hash::{Hash, Hasher};
        let view = Fingerprinted {
            read: &self.read,
            limits: &self.limits,
            rules: self.rules.rules(),
            keep_boilerplate: self.keep_boilerplate,
            lexicon: self.lexicon.content_hash(),
            align: &self.align,
            strategy: self.strategy,
            learn: &self.learn,
            output: &self.output,
        };
        // Serialising plain settings cannot fail; an empty text would still hash the rest.
        let text = serde_json::to_string(&view).unwrap_or_default();
        let mut h = rustc_hash::FxHasher::default();
        text.hash(&mut h);
        format!("{:016x}", h.finish())
    }
}

/// Builds [`Options`]: setters record what the caller chose, [`OptionsBuilder::build`] reads
/// the user's files and checks every value, so a bad setting is one error before any work.
#[derive(Clone, Debug, Default)]
pub struct OptionsBuilder {
    read: ReadOptions,
    rules_file: Option<PathBuf>,
    dictionary_file: Option<PathBuf>,
    keep_boilerplate: bool,
    level: Level,
    min_score: f32,
    strategy: Strategy,
    without: Option<String>,
    tune: Option<String>,
    no_self_train: bool,
    max_page_bytes: Option<usize>,
}

impl OptionsBuilder {
    /// Text or HTML, or decide per file.
    pub fn input(mut self, kind: InputKind) -> Self {
        self.read.kind = kind;
        self
    }

    /// How plain text is cut into blocks.
    pub fn blocks(mut self, mode: BlockMode) -> Self {
        self.read.blocks = mode;
        self
    }

    /// A declared encoding label (`euc-kr`), or `auto` to detect; `None` for the default.
    pub fn encoding(mut self, label: Option<String>) -> Self {
        self.read.encoding = label;
        self
    }

    /// Extra boilerplate rules (the format of `data/boilerplate-rules.tsv`); a rule with an
    /// existing id replaces it.
    pub fn rules_file(mut self, path: Option<PathBuf>) -> Self {
        self.rules_file = path;
        self
    }

    /// A user dictionary in hunalign format (`english @ 한국어`), added to the built-in lexicon.
    pub fn dictionary_file(mut self, path: Option<PathBuf>) -> Self {
        self.dictionary_file = path;
        self
    }

    /// Remove nothing, but still audit what would have been removed.
    pub fn keep_boilerplate(mut self, keep: bool) -> Self {
        self.keep_boilerplate = keep;
        self
    }

    /// Write paragraph beads or sentence pairs.
    pub fn level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// Leave out pairs scoring below this (null beads are always written).
    pub fn min_score(mut self, score: f32) -> Self {
        self.min_score = score;
        self
    }

    /// Align sentences across the article (default) or paragraphs only, for comparison.
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = strategy;
        self
    }

    /// Evidence to switch off, for ablation: a comma-separated list of length, anchors,
    /// names, lexicon.
    pub fn without_signals(mut self, list: Option<String>) -> Self {
        self.without = list;
        self
    }

    /// Aligner parameters to override, for tuning: `name=value,name=value`.
    pub fn tune(mut self, assignments: Option<String>) -> Self {
        self.tune = assignments;
        self
    }

    /// Learn word associations from a batch's confident pairs (the default) or not.
    pub fn self_train(mut self, on: bool) -> Self {
        self.no_self_train = !on;
        self
    }

    /// The largest page read, in bytes (`None` for the default, 20 MB).
    pub fn max_page_bytes(mut self, bytes: Option<usize>) -> Self {
        self.max_page_bytes = bytes;
        self
    }

    /// Reads the user's rules and dictionary and checks every value.
    pub fn build(self) -> Result<Options> {
        let mut options = Options::default();
        if let Some(path) = &self.rules_file {
            let mut rules = (*options.rules).clone();
            rules.extend(&read_data_file(path)?, &path.display().to_string())?;
            options.rules = Arc::new(rules);
        }
        if let Some(path) = &self.dictionary_file {
            let mut lexicon = (*options.lexicon).clone();
            lexicon.extend(&read_data_file(path)?, &path.display().to_string())?;
            options.lexicon = Arc::new(lexicon);
        }
        let setting = |name: &'static str| move |problem: String| Error::Setting { setting: name.to_owned(), problem };
        if let Some(list) = &self.without {
            options.align.signals = Signals::without(list).map_err(setting("--without"))?;
        }
        if let Some(assignments) = &self.tune {
            options.align.set(assignments).map_err(setting("--tune"))?;
        }
        if let Some(bytes) = self.max_page_bytes {
            if bytes == 0 {
                return Err(setting("--max-page-bytes")("must be at least 1".into()));
            }
            options.limits.max_page_bytes = bytes;
        }
        if !(0.0..=1.0).contains(&self.min_score) {
            // NaN fails the range too: a filter that compares false with every score.
            return Err(setting("--min-score")(format!("must be a score in [0, 1], not {}", self.min_score)));
        }
        if let Some(label) = self.read.encoding.as_deref() {
            let known = label.trim().eq_ignore_ascii_case("auto")
                || crate::input::encoding::encoding_for_label(label).is_some();
            if !known {
                return Err(setting("--encoding")(format!(
                    "must be an encoding label (euc-kr, cp949, utf-8, …) or auto, not '{label}'"
                )));
            }
        }
        options.read = self.read;
        options.keep_boilerplate = self.keep_boilerplate;
        options.strategy = self.strategy;
        options.learn.self_train = !self.no_self_train;
        options.output = OutputOptions { level: self.level, min_score: self.min_score };
        Ok(options)
    }
}

fn read_data_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_notices_an_edited_rule_a_lexicon_entry_and_a_setting() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            Some(p)
        };
        let header = "id\tlang\tmatch\tscope\tmax_chars\tpattern\treason\n";
        let with_rule = |pattern: &str| {
            let rules =
                file("extra.tsv", &format!("{header}house-ad\ten\texact\tblock\t40\t{pattern}\tour own advert\n"));
            Options::builder().rules_file(rules).build().unwrap().fingerprint()
        };
        let base = Options::default().fingerprint();
        // Same number of rules, different pattern.
        assert_ne!(with_rule("Buy our mugs"), with_rule("Buy our caps"));
        assert_ne!(with_rule("Buy our mugs"), base);
        let lexicon = |en: &str| {
            let dict = file("user.dic", &format!("{en} @ 머그잔\n"));
            Options::builder().dictionary_file(dict).build().unwrap().fingerprint()
        };
        assert_ne!(lexicon("mug"), lexicon("cup"));
        assert_ne!(Options::builder().min_score(0.5).build().unwrap().fingerprint(), base);
        assert_ne!(Options::builder().self_train(false).build().unwrap().fingerprint(), base);
        assert_ne!(Options::builder().max_page_bytes(Some(1_000)).build().unwrap().fingerprint(), base);
        assert_eq!(Options::builder().build().unwrap().fingerprint(), base);
    }

    #[test]
    fn a_score_outside_zero_to_one_and_an_unknown_encoding_are_refused() {
        for bad in [-0.1, 1.5, 2.0, f32::NAN] {
            let e = Options::builder().min_score(bad).build().map(|_| ()).unwrap_err().to_string();
            assert!(e.starts_with("--min-score must be a score in [0, 1]"), "{e}");
        }
        assert!(Options::builder().min_score(1.0).build().is_ok());
        let e = Options::builder().encoding(Some("klingon".into())).build().map(|_| ()).unwrap_err().to_string();
        assert!(e.contains("--encoding") && e.contains("klingon"), "{e}");
        for good in ["euc-kr", "CP949", "utf-8", "auto"] {
            assert!(Options::builder().encoding(Some(good.into())).build().is_ok(), "{good}");
        }
    }

    #[test]
    fn a_bad_setting_or_file_is_one_error_naming_it() {
        let err = Options::builder().without_signals(Some("lexicon,colour".into())).build().unwrap_err().to_string();
        assert!(err.starts_with("--without ") && err.contains("\"colour\""), "{err}");
        let err = Options::builder().rules_file(Some("/nonexistent/rules.tsv".into())).build().unwrap_err().to_string();
        assert!(err.starts_with("/nonexistent/rules.tsv: cannot read"), "{err}");
        let err = Options::builder().max_page_bytes(Some(0)).build().unwrap_err().to_string();
        assert_eq!(err, "--max-page-bytes must be at least 1");
    }
}
