//! The licensing calculator's engine: prices a [`Quote`] against a [`PriceBook`] on both
//! purchase paths (MOSP and EA) and works out what each Partner of Record earns.
//!
//! Pure Rust with no web dependency, so the same code gives the same figures in
//! `cargo test`, in the `licalc` CLI and in the browser. Every amount is a
//! `rust_decimal::Decimal` rounded by the rules of `shared/RULES.md` (cited by id).
//!
//! ```
//! use licalc_engine::{compute, PriceBook, Quote};
//! let quote = Quote::from_json(include_str!("../../examples/quotes/E1.json")).unwrap();
//! let result = compute(&PriceBook::default_book(), &quote).unwrap();
//! assert_eq!(result.partners[0].total.to_string(), "3600.00");
//! ```

pub mod advice;
pub mod book;
pub mod fees;
pub mod input;
pub mod money;
pub mod pricing;
pub mod problem;
pub mod quote;
#[cfg(test)]
mod testutil;

pub use advice::Advice;
pub use book::{FigureInfo, FigureKind, PriceBook, Service, Unit};
pub use fees::{FeeKind, FeeResult, FeeRow, ForfeitCause, ForfeitedFee, PartnerFees};
pub use money::Currency;
pub use pricing::{ChargeRow, PathKind, PathResult};
pub use problem::Problem;
pub use quote::{Agreement, Quote, Transaction};

use rust_decimal::Decimal;
use serde::Serialize;

/// Everything the engine computes for one quote. Every figure is a sum of rows (M5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteResult {
    pub currency: Currency,
    pub price_book: BookInfo,
    pub horizon_months: u32,
    pub paths: Paths,
    pub comparison: Comparison,
    /// Partner of Record earnings, one entry per partner of the quote (F1-F9).
    pub partners: Vec<PartnerFees>,
    pub fees: FeeResult,
    pub advice: Vec<Advice>,
    /// Things worth knowing that do not stop the computation, each at the quote value it
    /// is about (same shape as a validation problem).
    pub warnings: Vec<Problem>,
}

/// Which price book (and version) the figures come from, and what the quote changed in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BookInfo {
    pub id: String,
    pub version: String,
    pub name: String,
    pub effective_date: String,
    /// Figure keys this quote overrides.
    pub overridden: Vec<String>,
    /// Figure keys used by this quote that are not verified against a public source.
    pub unverified_used: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paths {
    pub mosp: PathResult,
    pub ea: PathResult,
}

/// P6: the same quote on both paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub first_month: Compared,
    /// The horizon's last month: what the customer pays each month once every
    /// transaction in the quote has started (P6).
    pub last_month: Compared,
    pub first_year: Compared,
    pub horizon: Compared,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compared {
    pub mosp: Decimal,
    pub ea: Decimal,
    /// `ea - mosp`: positive when MOSP is cheaper.
    pub difference: Decimal,
    pub cheaper: Cheaper,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cheaper {
    Mosp,
    Ea,
    Same,
}

impl Compared {
    fn new(mosp: Decimal, ea: Decimal) -> Result<Compared, money::Overflow> {
        let difference = money::sub(ea, mosp)?;
        let cheaper = match mosp.cmp(&ea) {
            std::cmp::Ordering::Less => Cheaper::Mosp,
            std::cmp::Ordering::Greater => Cheaper::Ea,
            std::cmp::Ordering::Equal => Cheaper::Same,
        };
        Ok(Compared {
            mosp,
            ea,
            difference,
            cheaper,
        })
    }
}

/// Prices a quote: the book plus the quote's overrides, validated together; then both
/// paths, the fees and the advice. Any input gives either a result or the complete list
/// of problems, never a panic.
pub fn compute(book: &PriceBook, quote: &Quote) -> Result<QuoteResult, Vec<Problem>> {
    let book = quote.effective_book(book)?;
    let problems = quote.validate(&book);
    if !problems.is_empty() {
        return Err(problems);
    }
    compute_valid(&book, quote).map_err(|_| {
        vec![Problem {
            path: "$".into(),
            message: "the amounts are too large to compute exactly (more than 28 digits): check the quantities and prices".into(),
            rule: Some("M1"),
        }]
    })
}

/// "months 1–6, 13–24" or "month 3": consecutive months read as one range.
fn month_ranges(months: &[u32]) -> String {
    let parts: Vec<String> = months
        .chunk_by(|a, b| *b == a + 1)
        .map(|run| match run {
            [one] => one.to_string(),
            [first, .., last] => format!("{first}–{last}"),
            [] => String::new(),
        })
        .collect();
    let word = if months.len() == 1 { "month" } else { "months" };
    format!("{word} {}", parts.join(", "))
}

fn compute_valid(book: &PriceBook, quote: &Quote) -> Result<QuoteResult, money::Overflow> {
    let totals = quote.monthly_totals(book);
    let mosp = pricing::price_path(book, quote, &totals, PathKind::Mosp)?;
    let ea = pricing::price_path(book, quote, &totals, PathKind::Ea)?;
    let fees = fees::compute_fees(book, quote, &mosp.rows)?;
    let advice = advice::advise(book, quote, &totals, &mosp, &ea)?;
    let zero = book.currency.zero();
    let month1 = |p: &PathResult| p.months.first().map_or(zero, |m| m.total);
    let last = |p: &PathResult| p.months.last().map_or(zero, |m| m.total);
    let comparison = Comparison {
        first_month: Compared::new(month1(&mosp), month1(&ea))?,
        last_month: Compared::new(last(&mosp), last(&ea))?,
        first_year: Compared::new(mosp.first_year_total, ea.first_year_total)?,
        horizon: Compared::new(mosp.horizon_total, ea.horizon_total)?,
    };

    let mut warnings = Vec::new();
    if let Some(r) = &quote.price_book {
        if r.id != book.id || r.version != book.version {
            warnings.push(Problem {
                path: "$.price_book".into(),
                message: format!(
                    "The quote was made with price book {} version {}; it is priced here with {} version {}.",
                    r.id, r.version, book.id, book.version
                ),
                rule: Some("C1"),
            });
        }
    }
    // Allowed (those fees then go to nobody), but rarely meant: say so at the transaction
    // as well as in the forfeited-fee list (F6). Only billed months count: a transaction
    // cancelled before it starts loses nothing.
    let mut uncovered: Vec<(&str, Vec<u32>)> = Vec::new();
    for f in &fees.forfeited {
        if f.kind == FeeKind::Residual && f.cause == ForfeitCause::NoPor {
            match uncovered.last_mut() {
                Some((t, months)) if *t == &*f.transaction => months.push(f.month),
                _ => uncovered.push((&f.transaction, vec![f.month])),
            }
        }
    }
    for (id, months) in uncovered {
        if let Some(i) = quote.transactions.iter().position(|t| t.id == id) {
            warnings.push(Problem {
                path: format!("$.transactions[{i}]"),
                message: format!(
                    "No Partner of Record in {}: the fees of transaction {id} in those months go to nobody",
                    month_ranges(&months)
                ),
                rule: Some("F6"),
            });
        }
    }
    let figures = book.figures();
    // Rows are in transaction order and a row's figures change only with its tier, so
    // looking at the first row of each run is enough (and keeps this linear).
    let mut used: std::collections::BTreeSet<String> = [
        "por.transaction_rate",
        "por.residual_rate",
        "por.first_year_months",
    ]
    .map(String::from)
    .into();
    let mut last: Option<(&str, &pricing::Tier)> = None;
    for row in mosp.rows.iter().chain(&ea.rows) {
        if last != Some((&*row.transaction, &row.tier)) {
            used.extend(row.figure_keys());
            last = Some((&*row.transaction, &row.tier));
        }
    }
    let unverified_used = figures
        .iter()
        .filter(|f| !f.verified && used.contains(&f.key))
        .map(|f| f.key.clone())
        .collect();
    let overridden = figures
        .iter()
        .filter(|f| f.overridden)
        .map(|f| f.key.clone())
        .collect();

    Ok(QuoteResult {
        currency: book.currency,
        price_book: BookInfo {
            id: book.id.clone(),
            version: book.version.clone(),
            name: book.name.clone(),
            effective_date: book.effective_date.clone(),
            overridden,
            unverified_used,
        },
        horizon_months: quote.horizon_months,
        paths: Paths { mosp, ea },
        comparison,
        partners: fees.partners.clone(),
        fees,
        advice,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::month_ranges;

    #[test]
    fn f6_months_read_as_ranges() {
        assert_eq!(month_ranges(&[3]), "month 3");
        assert_eq!(month_ranges(&[1, 2, 3, 4, 5, 6]), "months 1–6");
        assert_eq!(month_ranges(&[1, 2, 5, 13, 14]), "months 1–2, 5, 13–14");
    }
}
