//! Earlier editions of the shipped price book, and what changed between two books.
//!
//! A quote remembers the book (id and version) it was made with. Opened later, it is
//! priced with the current edition when no value changed (only sources or verification
//! did), and with its own earlier edition when values did, so it keeps its figures;
//! either way the user is told, figure by figure, what changed.

use crate::book::{FigureKey, PriceBook};
use crate::quote::BookRef;
use serde::Serialize;

/// An earlier edition of the shipped book (`pricebook/history/`, built into the program
/// as code by engine/build.rs), by id and version.
pub fn earlier(id: &str, version: &str) -> Option<PriceBook> {
    crate::book::built::EARLIER
        .iter()
        .map(|book| book())
        .find(|b| b.id == id && b.version == version)
}

/// One figure as a book has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    pub value: String,
    pub source: String,
    pub verified: bool,
}

/// A figure whose value, source or verification differs between two books (or that
/// only one of them has).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureChange {
    pub key: FigureKey,
    pub before: Option<Snapshot>,
    pub after: Option<Snapshot>,
}

impl FigureChange {
    pub fn value_changed(&self) -> bool {
        self.before.as_ref().map(|s| &s.value) != self.after.as_ref().map(|s| &s.value)
    }
}

fn snapshot(book: &PriceBook, key: &FigureKey) -> Option<Snapshot> {
    let f = book.figure(key)?;
    let p = f.provenance();
    Some(Snapshot {
        value: f.value(),
        source: p.source.to_string(),
        verified: p.verified,
    })
}

/// Every figure that differs, in the later book's order (then figures it dropped).
pub fn changes(before: &PriceBook, after: &PriceBook) -> Vec<FigureChange> {
    let mut keys = after.figure_keys();
    keys.extend(
        before
            .figure_keys()
            .into_iter()
            .filter(|k| after.figure(k).is_none()),
    );
    keys.into_iter()
        .map(|key| FigureChange {
            before: snapshot(before, &key),
            after: snapshot(after, &key),
            key,
        })
        .filter(|c| c.before != c.after)
        .collect()
}

/// Which book a quote made with `made_with` is priced with, against the current `book`.
#[derive(Debug, Clone, PartialEq)]
pub enum Edition {
    /// Made with this book, or with no record of one.
    Current,
    /// Made with an earlier edition of this book: what changed since, and that edition.
    Earlier {
        book: Box<PriceBook>,
        changes: Vec<FigureChange>,
    },
    /// Made with a book this calculator does not have (someone's own).
    Other,
}

impl Edition {
    /// Whether the quote must keep its earlier edition to keep its figures.
    pub fn keeps_earlier(&self) -> bool {
        matches!(self, Edition::Earlier { changes, .. } if changes.iter().any(FigureChange::value_changed))
    }
}

pub fn edition(current: &PriceBook, made_with: Option<&BookRef>) -> Edition {
    match made_with {
        None => Edition::Current,
        Some(r) if r.id == current.id && r.version == current.version => Edition::Current,
        Some(r) if r.id == current.id => match earlier(&r.id, &r.version) {
            Some(book) => Edition::Earlier {
                changes: changes(&book, current),
                book: Box::new(book),
            },
            None => Edition::Other,
        },
        Some(_) => Edition::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2011_03_1_book_is_kept_and_2011_03_2_changes_sources_not_values() {
        let now = PriceBook::default_book();
        assert_eq!(now.version, "2011.03.2");
        let old = earlier("bpos-intune-2011", "2011.03.1").expect("kept in pricebook/history");
        let c = changes(&old, &now);
        assert!(!c.is_empty());
        assert!(
            c.iter().all(|c| !c.value_changed()),
            "2011.03.2 changes no value"
        );
        let verified_now: Vec<String> = c
            .iter()
            .filter(|c| c.after.as_ref().unwrap().verified && !c.before.as_ref().unwrap().verified)
            .map(|c| c.key.to_string())
            .collect();
        assert_eq!(
            verified_now,
            [
                "services.office-live-meeting.list_price",
                "services.bpos-deskless.list_price"
            ]
        );
        let r = BookRef {
            id: old.id.clone(),
            version: old.version.clone(),
        };
        let e = edition(&now, Some(&r));
        assert!(matches!(e, Edition::Earlier { .. }) && !e.keeps_earlier());
        assert_eq!(edition(&now, None), Edition::Current);
        assert_eq!(
            edition(
                &now,
                Some(&BookRef {
                    id: "mine".into(),
                    version: "1".into()
                })
            ),
            Edition::Other
        );
    }

    #[test]
    fn a_changed_value_keeps_the_earlier_edition() {
        let old = earlier("bpos-intune-2011", "2011.03.1").unwrap();
        let mut now = PriceBook::default_book();
        now.services[0].list_price.value = "9.00".parse().unwrap();
        let e = edition(
            &now,
            Some(&BookRef {
                id: old.id.clone(),
                version: old.version.clone(),
            }),
        );
        assert!(e.keeps_earlier());
    }

    #[test]
    fn every_source_of_the_current_book_is_a_sentence() {
        let b = PriceBook::default_book();
        for key in b.figure_keys() {
            let s = b.figure(&key).unwrap().provenance().source.to_string();
            assert!(
                s.len() > 40 && s.ends_with('.') && s.chars().next().unwrap().is_uppercase(),
                "{key}: {s}"
            );
        }
    }
}
