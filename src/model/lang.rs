//! The two languages of every casebook site, and texts that exist in both.

use serde::Serialize;

/// A language of the site. casebook sites are bilingual by design: Japanese first, English second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// Every language, in the order pages and alternates are listed.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 code used in paths, `lang` and `hreflang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A text required in both languages (labels of terms, facets and UI words).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Label {
    pub ja: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// A content text whose Japanese version is required and whose English version may still be
/// missing (a half-translated case still builds; `--strict` refuses it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub ja: String,
    pub en: Option<String>,
}

/// A text chosen for a page in `lang`, and the language it is actually written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Localized<'a> {
    pub text: &'a str,
    pub lang: Lang,
}

impl Text {
    /// The text for `lang`, falling back to Japanese when the English text is missing.
    pub fn get(&self, lang: Lang) -> Localized<'_> {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => Localized { text: en, lang: Lang::En },
            _ => Localized { text: &self.ja, lang: Lang::Ja },
        }
    }

    pub fn is_translated(&self) -> bool {
        self.en.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_english_falls_back_to_japanese_and_says_so() {
        let text = Text { ja: "事故".into(), en: None };
        assert_eq!(text.get(Lang::En), Localized { text: "事故", lang: Lang::Ja });
        let text = Text { ja: "事故".into(), en: Some("Incident".into()) };
        assert_eq!(text.get(Lang::En), Localized { text: "Incident", lang: Lang::En });
        assert_eq!(text.get(Lang::Ja).lang, Lang::Ja);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::parse("fr"), None);
    }
}
