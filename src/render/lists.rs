//! Lists of cases: the cards (each rendered once per language and shared by every list that shows
//! the case) and the pager that leads to the other pages of a long list.

use super::context::{Card, Renderer, slot};
use super::markdown::ROOT;
use super::parts::Part;
use super::templates::template_error;
use super::views::{PageLink, Pager};
use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use tera::Context;

/// The template of a case in lists; it sees `c` (a `CaseCard`), `root`, `lang` and `t`.
pub const CARD_TEMPLATE: &str = "partials/case_card.html";

impl<'a> Renderer<'a> {
    /// Page `n` of `items`, and the pager that leads to the other pages.
    pub fn paginate<'s>(&self, items: &'s [usize], n: u32, path: impl Fn(u32) -> String) -> (&'s [usize], Pager) {
        let slice = self.derived.page_of(items, n);
        let total = self.derived.page_count(items.len());
        let pages = if total > 1 {
            let mut prev = 0;
            pager_numbers(n, total)
                .into_iter()
                .map(|k| {
                    let gap_before = k > prev + 1;
                    prev = k;
                    PageLink { number: k, path: path(k), current: k == n, gap_before }
                })
                .collect()
        } else {
            Vec::new()
        };
        let pager = Pager {
            current: n,
            total,
            prev: (n > 1).then(|| path(n - 1)),
            next: (n < total).then(|| path(n + 1)),
            pages,
        };
        (slice, pager)
    }

    /// The cards of `cases` for a list page, each rendered once (with ROOT markers for links): the
    /// template value of `cases`, a list of `{id, html}` whose `html` needs no `| safe` (it is the
    /// card's marker, replaced by the card once the page is rendered: `render::parts`).
    pub fn card_list(&self, cases: &[usize], lang: Lang) -> Result<tera::Value, Diagnostic> {
        let cards: Result<Vec<tera::Value>, Diagnostic> = cases
            .iter()
            .map(|&c| {
                let card = self.cards[c][slot(lang)].get_or_init(|| {
                    let mut ctx = Context::new();
                    ctx.insert("root", ROOT);
                    ctx.insert("c", &self.card(&self.site.cases[c], lang, false));
                    let html =
                        self.tera[&lang].render(CARD_TEMPLATE, &ctx).map_err(|e| template_error(self.theme, &e))?;
                    let id = self.site.cases[c].id.as_str();
                    let value = tera::Value::from(std::collections::BTreeMap::from([
                        ("id", tera::Value::from(id)),
                        ("html", tera::Value::safe_string(&Part::Card(c).marker())),
                    ]));
                    Ok(Card { value, html })
                });
                card.as_ref().map(|card| card.value.clone()).map_err(Clone::clone)
            })
            .collect();
        Ok(tera::Value::from(cards?))
    }
}

/// The page numbers a pager shows on page `current` of `total`: the first and the last, and two
/// on either side of the current one; a gap of a single page shows that page instead. A list of
/// 60 pages then has 7–9 links on each page, not 60 (the pager of a large collection stays short
/// to read, and a page's size does not grow with the number of pages).
pub fn pager_numbers(current: u32, total: u32) -> Vec<u32> {
    let mut shown: Vec<u32> = [1, total].into_iter().chain(current.saturating_sub(2)..=current + 2).collect();
    shown.retain(|&k| (1..=total).contains(&k));
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for k in shown {
        if let Some(&last) = out.last()
            && k == last + 2
        {
            out.push(last + 1);
        }
        out.push(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pager_numbers;

    #[test]
    fn pagers_show_the_ends_and_a_window_around_the_current_page() {
        assert_eq!(pager_numbers(1, 2), [1, 2]);
        assert_eq!(pager_numbers(4, 7), [1, 2, 3, 4, 5, 6, 7], "a gap of one page shows the page");
        assert_eq!(pager_numbers(1, 60), [1, 2, 3, 60]);
        assert_eq!(pager_numbers(30, 60), [1, 28, 29, 30, 31, 32, 60]);
        assert_eq!(pager_numbers(59, 60), [1, 57, 58, 59, 60]);
        assert_eq!(pager_numbers(5, 60), [1, 2, 3, 4, 5, 6, 7, 60]);
    }
}
