//! `@/…` links in Markdown: a case, a page (and an anchor on it), a taxonomy or term, or a static
//! file, resolved to the path of the built file — or an error that says what exists instead.

use super::context::Renderer;
use super::markdown::LinkResolver;
use crate::diagnostics::did_you_mean;
use crate::load::suggestion;
use crate::model::Lang;
use crate::plan::Route;

impl LinkResolver for Renderer<'_> {
    fn resolve(&self, lang: Lang, target: &str) -> Result<String, String> {
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        let path = path.trim_end_matches('/');
        let resolved = if let Some(id) = path.strip_prefix("cases/") {
            self.case_path(lang, id.strip_suffix(".md").unwrap_or(id))?
        } else if let Some(slug) = path.strip_prefix("pages/") {
            let slug = slug.strip_suffix(".md").unwrap_or(slug);
            match self.site.pages.iter().find(|p| p.slug.as_str() == slug) {
                Some(p) => Route::Page(lang, &p.slug).path(),
                None => return Err(format!("there is no page content/pages/{slug}.md")),
            }
        } else if let Some(file) = path.strip_prefix("static/") {
            let exists = self.theme.statics.contains_key(file) || self.site.statics.iter().any(|f| f.rel == file);
            if !exists || file.split('/').any(|s| s == ".." || s.is_empty()) {
                return Err(format!("there is no file content/static/{file}"));
            }
            format!("static/{file}")
        } else if path == "booklets" || path.starts_with("booklets/") {
            self.booklet_path(lang, path.strip_prefix("booklets").unwrap_or("").trim_start_matches('/'))?
        } else if path == "cases" {
            Route::Cases(lang).path()
        } else if path.is_empty() {
            Route::Home(lang).path()
        } else {
            self.taxonomy_path(lang, path)?
        };
        Ok(match fragment {
            Some(f) => format!("{resolved}#{f}"),
            None => resolved,
        })
    }
}

impl Renderer<'_> {
    fn case_path(&self, lang: Lang, id: &str) -> Result<String, String> {
        match self.derived.case(id).map(|i| &self.site.cases[i]) {
            Some(c) => Ok(Route::Case(lang, &c.id).path()),
            None => {
                let ids: Vec<&str> = self.site.cases.iter().map(|c| c.id.as_str()).collect();
                Err(match did_you_mean(id, ids) {
                    Some(s) => format!("there is no case `{id}`; did you mean `{s}`?"),
                    None => format!("there is no case `{id}`"),
                })
            }
        }
    }

    /// `booklets` (the list of the booklets of site.yaml) or `booklets/{id}` (one of them).
    fn booklet_path(&self, lang: Lang, id: &str) -> Result<String, String> {
        let site = self.site;
        if self.derived.booklet_max.is_none() || site.booklets.is_empty() {
            return Err(if site.booklets.is_empty() {
                "site.yaml has no `booklets:`, so there is no booklet to link to".into()
            } else {
                "the site writes no booklets (`print_booklets: false` in site.yaml)".into()
            });
        }
        if id.is_empty() {
            return Ok(Route::Booklets(lang).path());
        }
        let Some(i) = site.booklets.iter().position(|b| b.id.as_str() == id) else {
            let ids: Vec<&str> = site.booklets.iter().map(|b| b.id.as_str()).collect();
            return Err(format!("there is no booklet `{id}` in site.yaml; {}", suggestion(id, &ids)));
        };
        if !self.derived.named_written().any(|w| w == i) {
            return Err(format!(
                "the booklet `{id}` is not written (it holds {} cases; see the warning about it)",
                self.derived.named[i].len()
            ));
        }
        Ok(Route::NamedBooklet(lang, &site.booklets[i].id).path())
    }

    /// `measures` or `measures/backups`.
    fn taxonomy_path(&self, lang: Lang, path: &str) -> Result<String, String> {
        let site = self.site;
        let (tax_name, term) = match path.split_once('/') {
            Some((t, term)) => (t, Some(term)),
            None => (path, None),
        };
        let Some(t) = site.taxonomy_by_name(tax_name) else {
            let names: Vec<&str> = site.taxonomies.iter().map(|t| t.name.as_str()).collect();
            return Err(format!(
                "`{tax_name}` is neither cases/, pages/, static/, booklets nor a taxonomy ({})",
                names.join(", ")
            ));
        };
        let tax = &site.taxonomies[t];
        match term {
            None => Ok(Route::Taxonomy(lang, &tax.name).path()),
            Some(code) => match tax.terms.iter().find(|x| x.id.as_str() == code) {
                Some(x) => Ok(Route::Term(lang, &tax.name, &x.id).path()),
                None => {
                    let codes: Vec<&str> = tax.terms.iter().map(|x| x.id.as_str()).collect();
                    Err(format!("there is no term `{code}` in {tax_name}; {}", suggestion(code, &codes)))
                }
            },
        }
    }
}
