//! A saved quote as the browser stores it (and a file could): a small versioned
//! envelope around the quote. Reading one is strict: a corrupt entry, or one written by
//! a newer version of the calculator, is refused with a reason and nothing else is
//! touched; older entry versions are migrated here when there are any. Two saved quotes'
//! results are compared here too ([`compare`]), so the app only shows the differences.

use crate::book::PriceBook;
use crate::limits::MAX_DOCUMENT_BYTES;
use crate::money::{self, Currency, Overflow};
use crate::pricing::PathResult;
use crate::problem::Problem;
use crate::quote::Quote;
use crate::QuoteResult;
use rust_decimal::Decimal;
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

/// One figure of two saved quotes and the second minus the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub first: Decimal,
    pub second: Decimal,
    /// `second - first`.
    pub difference: Decimal,
}

impl Difference {
    fn of(first: Decimal, second: Decimal) -> Result<Difference, Overflow> {
        Ok(Difference {
            first,
            second,
            difference: money::sub(second, first)?,
        })
    }
}

/// One quote month of two saved quotes: each plan's month total in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthDifference {
    pub month: u32,
    pub mosp: Difference,
    pub ea: Difference,
}

/// Two saved quotes side by side: each plan's horizon total, and month by month up to
/// the longer horizon. A month beyond a quote's horizon counts as nothing paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedComparison {
    pub currency: Currency,
    pub mosp: Difference,
    pub ea: Difference,
    pub months: Vec<MonthDifference>,
}

/// Why two saved quotes cannot be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareError {
    /// They are priced in different currencies (M1).
    Currencies { first: Currency, second: Currency },
    /// A difference is too large for a decimal (M1).
    TooLarge,
}

impl From<Overflow> for CompareError {
    fn from(_: Overflow) -> CompareError {
        CompareError::TooLarge
    }
}

/// The second saved quote's figures against the first's (each priced with its own book),
/// every difference taken with checked arithmetic.
pub fn compare(first: &QuoteResult, second: &QuoteResult) -> Result<SavedComparison, CompareError> {
    let currency = first.currency;
    if second.currency != currency {
        return Err(CompareError::Currencies {
            first: currency,
            second: second.currency,
        });
    }
    let month =
        |path: &PathResult, i: usize| path.months.get(i).map_or(currency.zero(), |m| m.total);
    let months = (0..first.horizon_months.max(second.horizon_months) as usize)
        .map(|i| {
            Ok(MonthDifference {
                month: i as u32 + 1,
                mosp: Difference::of(month(&first.paths.mosp, i), month(&second.paths.mosp, i))?,
                ea: Difference::of(month(&first.paths.ea, i), month(&second.paths.ea, i))?,
            })
        })
        .collect::<Result<Vec<_>, Overflow>>()?;
    Ok(SavedComparison {
        currency,
        mosp: Difference::of(
            first.paths.mosp.horizon_total,
            second.paths.mosp.horizon_total,
        )?,
        ea: Difference::of(first.paths.ea.horizon_total, second.paths.ea.horizon_total)?,
        months,
    })
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

    fn priced(users: u32, horizon: u32) -> QuoteResult {
        let mut q = Quote::example();
        q.transactions[0].quantity = users;
        q.horizon_months = horizon;
        crate::compute(&PriceBook::default_book(), &q).unwrap()
    }

    #[test]
    fn two_saved_quotes_compare_month_by_month_second_minus_first() {
        let (a, b) = (priced(120, 36), priced(200, 24));
        let c = compare(&a, &b).unwrap();
        assert_eq!(c.currency, a.currency);
        assert_eq!(c.months.len(), 36, "up to the longer horizon");
        let m1 = c.months[0];
        assert_eq!(m1.month, 1);
        assert_eq!(
            (m1.mosp.first, m1.mosp.second),
            (a.paths.mosp.months[0].total, b.paths.mosp.months[0].total)
        );
        assert_eq!(m1.mosp.difference, m1.mosp.second - m1.mosp.first);
        assert!(m1.mosp.difference > Decimal::ZERO, "more users cost more");
        assert_eq!(m1.ea.difference, m1.ea.second - m1.ea.first);
        // Beyond the second quote's horizon it pays nothing, shown with the currency's places.
        let m30 = c.months[29];
        assert_eq!(m30.mosp.second.to_string(), "0.00");
        assert_eq!(m30.mosp.difference, -m30.mosp.first);
        assert_eq!(
            (c.mosp.first, c.mosp.second),
            (a.paths.mosp.horizon_total, b.paths.mosp.horizon_total)
        );
        assert_eq!(
            c.ea.difference,
            b.paths.ea.horizon_total - a.paths.ea.horizon_total
        );
        assert_eq!(
            crate::describe::compared_total(crate::PathKind::Mosp, "A", "B", &c.mosp).plain(),
            format!(
                "MOSP horizon total: “A” {}, “B” {}, difference {}",
                c.mosp.first, c.mosp.second, c.mosp.difference
            )
        );
    }

    #[test]
    fn saved_quotes_in_two_currencies_or_beyond_a_decimal_are_not_compared() {
        let a = priced(120, 24);
        let mut b = a.clone();
        b.currency = Currency::from_code("EUR").unwrap();
        assert_eq!(
            compare(&a, &b),
            Err(CompareError::Currencies {
                first: a.currency,
                second: b.currency
            })
        );
        let mut b = a.clone();
        b.paths.mosp.months[0].total = Decimal::MAX;
        let mut a = a;
        a.paths.mosp.months[0].total = -Decimal::ONE;
        assert_eq!(compare(&a, &b), Err(CompareError::TooLarge));
        assert!(crate::describe::compare_error(&CompareError::TooLarge)
            .plain()
            .contains("too large"));
    }
}
