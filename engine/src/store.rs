//! A saved quote as the browser stores it (and a file could): a small versioned
//! envelope around the quote. Reading one is strict: a corrupt entry, or one written by
//! a newer version of the calculator, is refused with a reason and nothing else is
//! touched; older entry versions are migrated here when there are any.

use crate::book::PriceBook;
use crate::limits::MAX_DOCUMENT_BYTES;
use crate::problem::Problem;
use crate::quote::Quote;
use serde::{Deserialize, Serialize};

/// The entry format this engine writes.
pub const STORE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    /// The entry format (`STORE_VERSION`).
    pub v: u32,
    pub name: String,
    /// When it was saved (ISO 8601, UTC), as the browser's clock said.
    pub saved: String,
    /// Counts saves: two tabs that saved over each other are told, never silently.
    pub rev: u64,
    /// The quote, as its JSON (any quote format; migrated when opened).
    pub quote: String,
    /// A price book of the user's own the quote was priced with, as its JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub book: Option<String>,
}

/// Why a stored entry does not open.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// Not an entry: damaged, or written by something else.
    Corrupt,
    /// Written by a newer version of the calculator.
    Newer { version: u32 },
    /// The quote or book in it has problems.
    Invalid(Vec<Problem>),
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

impl Saved {
    pub fn new(
        name: String,
        saved: String,
        rev: u64,
        quote: &Quote,
        book: Option<&PriceBook>,
    ) -> Saved {
        Saved {
            v: STORE_VERSION,
            name,
            saved,
            rev,
            quote: serde_json::to_string(quote).unwrap_or_default(),
            book: book.and_then(|b| serde_json::to_string(b).ok()),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<Saved, StoreError> {
        if json.len() > MAX_DOCUMENT_BYTES * 2 {
            return Err(StoreError::Corrupt);
        }
        match serde_json::from_str::<VersionOnly>(json) {
            Ok(VersionOnly { v }) if v > STORE_VERSION => Err(StoreError::Newer { version: v }),
            Ok(_) => crate::problem::parse_json::<Saved>(json).map_err(|_| StoreError::Corrupt),
            Err(_) => Err(StoreError::Corrupt),
        }
    }

    /// The quote and book in the entry, each read as strictly as a file would be.
    pub fn open(&self) -> Result<(Quote, Option<PriceBook>), StoreError> {
        let quote = Quote::from_json(&self.quote).map_err(StoreError::Invalid)?;
        let book = match &self.book {
            Some(b) => Some(PriceBook::from_json(b).map_err(StoreError::Invalid)?),
            None => None,
        };
        Ok((quote, book))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_round_trips_and_opens() {
        let q = Quote::example();
        let s = Saved::new("Contoso".into(), "2026-11-25T10:00:00Z".into(), 3, &q, None);
        let back = Saved::from_json(&s.to_json()).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.open().unwrap().0, q);
    }

    #[test]
    fn corrupt_foreign_and_future_entries_are_refused() {
        assert_eq!(Saved::from_json("{not json"), Err(StoreError::Corrupt));
        assert_eq!(
            Saved::from_json("{\"theme\": \"dark\"}"),
            Err(StoreError::Corrupt)
        );
        assert_eq!(
            Saved::from_json("{\"v\": 7, \"future\": true}"),
            Err(StoreError::Newer { version: 7 })
        );
        let mut s = Saved::new("x".into(), "t".into(), 1, &Quote::example(), None);
        s.quote = "{\"format\": 2, \"transactions\": 3}".into();
        assert!(matches!(
            Saved::from_json(&s.to_json()).unwrap().open(),
            Err(StoreError::Invalid(_))
        ));
    }
}
