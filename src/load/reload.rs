//! Reading one case file again against the site already loaded (`serve`'s incremental rebuilds).

use super::cases;
use super::files::Project;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Case, Site};
use std::path::Path;

/// What reading one case file again gives.
pub enum Reload {
    /// The case as the file now reads, with its warnings; `None` when the file is gone.
    Case(Option<Box<Case>>, Vec<Diagnostic>),
    /// The file has errors; the last good site stays as it is.
    Errors(Vec<Diagnostic>),
    /// The change touches the vocabulary (a year no case had before): rebuild everything.
    NeedsFullBuild,
}

/// Reads `content/cases/…` file `shown` again, against the site's vocabulary.
pub fn reload_case(site: &Site, root: &Path, shown: &str) -> Reload {
    let path = root.join(shown);
    if std::fs::symlink_metadata(&path).is_err() {
        return Reload::Case(None, Vec::new());
    }
    let project = Project::new(root);
    let (raw, problems) = cases::read(&project, &path, shown, &site.taxonomies, &site.config.caveats);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Reload::Errors(problems);
    }
    let Some(raw) = raw else { return Reload::Errors(problems) };
    let mut case = raw.case;
    let mut terms = Vec::with_capacity(raw.values.len());
    for (t, values) in raw.values.iter().enumerate() {
        let mut list = Vec::with_capacity(values.len());
        for v in values {
            match v {
                cases::TermValue::Index(i) => list.push(*i),
                cases::TermValue::Year(y) => match cases::year_index(&site.taxonomies[t], *y) {
                    Some(i) => list.push(i),
                    None => return Reload::NeedsFullBuild,
                },
            }
        }
        terms.push(list);
    }
    case.terms = terms;
    cases::fill_group_facets(&mut case, &site.taxonomies);
    if let Some(other) = site.cases.iter().find(|c| c.id == case.id && c.file != shown) {
        let mut d = Diagnostic::error(shown, format!("the id `{}` is already used by {}", case.id, other.file))
            .help("every case needs its own id; ids are part of the URL");
        d.pos = Some(raw.id_pos);
        d.source_line = raw.id_line;
        let mut all = problems;
        all.push(d);
        return Reload::Errors(all);
    }
    Reload::Case(Some(Box::new(case)), problems)
}
