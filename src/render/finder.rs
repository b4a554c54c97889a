//! What a page tells `find.js`, the one engine behind the case list, every term and combination
//! page and the search page: where this language's search files are, which terms the page itself
//! fixes (a term page narrows within its term), how to make the address of a case, a term and the
//! case list, and the words of the interface.

use super::context::Renderer;
use super::views::FinderView;
use crate::model::{Lang, TermRef};
use crate::plan::Route;
use std::collections::BTreeMap;

/// The theme strings `find.js` shows.
const STRINGS: &[&str] = &[
    "any",
    "cases_n",
    "cases_one",
    "clear_filters",
    "did_you_mean",
    "found_n",
    "found_one",
    "no_match_for",
    "no_results",
    "print_selection",
    "quoted",
    "related_terms",
    "search_failed",
    "show_more",
    "showing_for",
    "ways_out",
    "within_term",
];

impl<'a> Renderer<'a> {
    /// The finder of a page in `lang` that fixes the terms `preset` (none on the case list and
    /// the search page).
    pub fn finder_view(&self, lang: Lang, preset: &[TermRef], mode: &'static str) -> FinderView {
        let site = self.site;
        let preset = preset
            .iter()
            .map(|&r| format!("{}={}", site.taxonomies[r.taxonomy].name, site.term(r).id))
            .collect::<Vec<_>>()
            .join("&");
        let strings: BTreeMap<&str, &str> = STRINGS.iter().map(|&k| (k, self.t(k, lang))).collect();
        FinderView {
            index: format!("static/search/{lang}/"),
            preset,
            mode,
            case_url: Route::case_pattern(lang),
            term_url: Route::term_pattern(lang),
            list_url: Route::Cases(lang).path(),
            strings: serde_json::to_string(&strings).unwrap_or_default(),
            print_url: self.derived.booklet_max.map(|_| Route::PrintSelection(lang).path()).unwrap_or_default(),
            print_max: site.config.booklet_max_cases,
        }
    }
}
