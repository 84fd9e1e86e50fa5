//! Settings with a fixed set of spellings (`--input html`, `input="html"`). The CLI parses
//! them with clap (behind the `cli` feature); the library and the Python bindings parse the
//! same spellings here, so no caller needs clap to name a value.

use crate::error::{Error, Result};

/// A setting whose value is one of a few names.
pub trait Choice: Sized + Copy + PartialEq + 'static {
    /// Every value with its spelling, in the order help texts list them.
    const CHOICES: &'static [(&'static str, Self)];

    /// Parses a spelling; the error names the setting and the spellings it takes.
    fn parse(text: &str, setting: &str) -> Result<Self> {
        Self::CHOICES.iter().find(|(name, _)| *name == text).map(|&(_, v)| v).ok_or_else(|| Error::Setting {
            setting: setting.to_owned(),
            problem: format!("must be {}, not '{text}'", Self::spellings()),
        })
    }

    /// The spellings, quoted and joined: `'text' or 'html' or 'auto'`.
    fn spellings() -> String {
        Self::CHOICES.iter().map(|(name, _)| format!("'{name}'")).collect::<Vec<_>>().join(" or ")
    }

    /// This value's spelling.
    fn name(self) -> &'static str {
        Self::CHOICES.iter().find(|(_, v)| *v == self).map(|(name, _)| *name).unwrap_or("?")
    }
}
