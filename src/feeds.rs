//! `sitemap.xml` with hreflang alternates and an Atom feed per language. Both need absolute URLs,
//! so they are written only when `site.yaml` sets `base_url`.

use crate::highlight::escape;
use crate::lang::Lang;
use crate::model::Site;
use crate::routes::Route;
use std::fmt::Write as _;

/// The generated files: (path, bytes).
pub fn files(site: &Site, routes: &[Route]) -> Vec<(String, Vec<u8>)> {
    let Some(base) = site.config.base_url.as_deref() else {
        return Vec::new();
    };
    let mut out = vec![("sitemap.xml".to_owned(), sitemap(base, routes).into_bytes())];
    for lang in Lang::ALL {
        out.push((feed_path(lang), atom(site, base, lang).into_bytes()));
    }
    out
}

/// The paths `files` writes.
pub fn file_names(site: &Site) -> Vec<String> {
    match site.config.base_url {
        None => Vec::new(),
        Some(_) => std::iter::once("sitemap.xml".to_owned()).chain(Lang::ALL.map(feed_path)).collect(),
    }
}

pub fn feed_path(lang: Lang) -> String {
    format!("{lang}/atom.xml")
}

fn sitemap(base: &str, routes: &[Route]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for route in routes {
        if *route == Route::NotFound {
            continue;
        }
        let _ = writeln!(s, "  <url>\n    <loc>{}</loc>", escape(&format!("{base}{}", route.path())));
        if route.lang().is_some() {
            for lang in Lang::ALL {
                let href = escape(&format!("{base}{}", route.in_lang(lang).path()));
                let _ = writeln!(s, "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\"/>");
            }
            let _ = writeln!(
                s,
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                escape(&format!("{base}index.html"))
            );
        }
        s.push_str("  </url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// Entries carry no build time: a case's date is the year its collection was published, so two
/// builds of the same content give the same feed.
fn atom(site: &Site, base: &str, lang: Lang) -> String {
    let collections = &site.taxonomies[site.collections];
    let date = |year: u32| format!("{year:04}-01-01T00:00:00Z");
    let year_of = |case: &crate::model::Case| {
        collections.terms[case.collection(site)].source.as_ref().and_then(|s| s.year).unwrap_or(2000)
    };
    let updated = site.cases.iter().map(year_of).max().map_or_else(|| date(2000), date);
    let self_url = format!("{base}{}", feed_path(lang));
    let home = format!("{base}{}", Route::Home(lang).path());
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" href=\"{}\"/>\n  <updated>{updated}</updated>\n",
        escape(site.config.title.get(lang)),
        escape(site.config.description.get(lang)),
        escape(&home),
        escape(&self_url),
        escape(&home),
    );
    for case in &site.cases {
        let url = format!("{base}{}", Route::Case(lang, &case.id).path());
        let title = case.title.get(lang);
        let summary = case.summary.get(lang);
        let _ = write!(
            s,
            "  <entry>\n    <title xml:lang=\"{}\">{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" href=\"{}\"/>\n    <updated>{}</updated>\n    <summary xml:lang=\"{}\">{}</summary>\n  </entry>\n",
            title.lang,
            escape(title.text),
            escape(&url),
            escape(&url),
            date(year_of(case)),
            summary.lang,
            escape(summary.text),
        );
    }
    s.push_str("</feed>\n");
    s
}
