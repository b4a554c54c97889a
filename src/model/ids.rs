//! Identifiers that end up in URLs and file names. They can only be built from valid text, so a
//! path made from them can never leave the output folder.

use serde::Serialize;
use std::fmt;

/// Why a text is not a valid identifier.
pub fn slug_problem(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return Some("it is empty");
    }
    if text.len() > 100 {
        return Some("it is longer than 100 characters");
    }
    if !text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Some("only lowercase ASCII letters, digits and '-' are allowed ([a-z0-9-]+)");
    }
    None
}

macro_rules! slug_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks `text` against `[a-z0-9-]+`; the error says what is wrong.
            pub fn parse(text: &str) -> Result<Self, &'static str> {
                match slug_problem(text) {
                    None => Ok(Self(text.to_owned())),
                    Some(problem) => Err(problem),
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_type!(
    /// The id of a case: its file name and its URL segment.
    CaseId
);
slug_type!(
    /// The code of a term in a taxonomy (`tokyo`, `ransomware`, `51-100`, `2013`).
    TermId
);
slug_type!(
    /// The URL segment of a taxonomy (`incidents`, `measures`) or of a group within one.
    TaxonomyName
);
slug_type!(
    /// The file name and URL segment of a static page (`about`, `glossary`).
    PageSlug
);
slug_type!(
    /// The id of a booklet of site.yaml's `booklets:`: its URL segment (`ja/booklets/{id}/`) and
    /// the name `casebook pdf --booklet` takes.
    BookletId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_digits_and_dashes() {
        assert_eq!(CaseId::parse("ipa2017-001").unwrap().as_str(), "ipa2017-001");
        assert!(TermId::parse("301-").is_ok());
    }

    #[test]
    fn rejects_anything_that_could_escape_a_path_or_break_a_url() {
        for bad in ["", "../etc", "a/b", "Tokyo", "東京", "a b", "a.b", "a\\b", "%2e"] {
            assert!(CaseId::parse(bad).is_err(), "{bad:?} must be rejected");
        }
        assert!(CaseId::parse(&"a".repeat(101)).is_err());
    }
}
