//! How the views that templates receive become template values, where serde's derive does not
//! do what a page needs: `Shared` (a value made once and handed to many pages) and the views that
//! show another view's fields at their own top level (`Fields`, in place of `#[serde(flatten)]`).

use super::{CaseCard, CaseView, MoreLink, PrintCase, TermLink};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// A view made into a template value once per render and language and handed as it is to every
/// page that shows it: Tera keeps a value it is given rather than serializing it again. `V` names
/// the view it was made from. A case page shows about twenty term links, and each cost more to
/// make and free than to print.
pub struct Shared<V>(tera::Value, std::marker::PhantomData<fn() -> V>);

impl<V> Shared<V> {
    /// The value of `view`, a `V` borrowing for any lifetime.
    pub fn new<T: Serialize + Borrowing<Static = V>>(view: &T) -> Shared<V> {
        Shared(tera::Value::from_serializable(view), std::marker::PhantomData)
    }
}

/// A view that borrows from the site, named by its `'static` form in `Shared`.
pub trait Borrowing {
    type Static;
}

impl Borrowing for TermLink<'_> {
    type Static = TermLink<'static>;
}

impl Borrowing for MoreLink<'_> {
    type Static = MoreLink<'static>;
}

impl<V> Clone for Shared<V> {
    fn clone(&self) -> Self {
        Shared(self.0.clone(), std::marker::PhantomData)
    }
}

impl<V> Serialize for Shared<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// A term's link as a shared value (see `Shared`).
pub type SharedTermLink = Shared<TermLink<'static>>;
/// A case page's read-on link to a term as a shared value.
pub type SharedMoreLink = Shared<MoreLink<'static>>;

/// A view whose fields a larger view shows at its own top level, as `#[serde(flatten)]` would.
/// serde's flatten makes a map whose every key Tera copies into a new string; a struct's keys
/// are static (it was about a hundred allocations per case page).
trait Fields {
    const COUNT: usize;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error>;
}

/// Serializes `view` as a struct of its `Fields`, then `more` of its own fields.
fn with_fields<V: Fields, S: Serializer>(
    serializer: S,
    name: &'static str,
    view: &V,
    more: usize,
    rest: impl FnOnce(&mut S::SerializeStruct) -> Result<(), S::Error>,
) -> Result<S::Ok, S::Error> {
    let mut s = serializer.serialize_struct(name, V::COUNT + more)?;
    view.fields(&mut s)?;
    rest(&mut s)?;
    s.end()
}

impl Fields for TermLink<'_> {
    const COUNT: usize = 4;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("code", self.code)?;
        s.serialize_field("label", self.label)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("count", &self.count)
    }
}

impl Serialize for TermLink<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        with_fields(serializer, "TermLink", self, 0, |_| Ok(()))
    }
}

impl Fields for CaseCard<'_> {
    const COUNT: usize = 7;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("id", self.id)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("number", &self.number)?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("summary", &self.summary)?;
        s.serialize_field("incident", &self.incident)?;
        s.serialize_field("facts", &self.facts)
    }
}

impl Serialize for CaseCard<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        with_fields(serializer, "CaseCard", self, 0, |_| Ok(()))
    }
}

impl Serialize for CaseView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        with_fields(serializer, "CaseView", &self.card, 10, |s| {
            s.serialize_field("body", &self.body)?;
            s.serialize_field("body_lang", &self.body_lang)?;
            s.serialize_field("translated", &self.translated)?;
            s.serialize_field("source", &self.source)?;
            s.serialize_field("prev", &self.prev)?;
            s.serialize_field("next", &self.next)?;
            s.serialize_field("line", &self.line)?;
            s.serialize_field("related", &self.related)?;
            s.serialize_field("more", &self.more)
        })
    }
}

impl Serialize for MoreLink<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        with_fields(serializer, "MoreLink", &self.term, 1, |s| s.serialize_field("text", &self.text))
    }
}

impl Serialize for PrintCase<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        with_fields(serializer, "PrintCase", &self.card, 6, |s| {
            s.serialize_field("anchor", &self.anchor)?;
            s.serialize_field("body", &self.body)?;
            s.serialize_field("body_lang", &self.body_lang)?;
            s.serialize_field("source", &self.source)?;
            s.serialize_field("url", &self.url)?;
            s.serialize_field("qr", &self.qr)
        })
    }
}
