//! The licensing calculator's engine: prices a [`Quote`] against a [`PriceBook`] on each
//! plan (MOSP, EA, and MOSP-then-EA), works out what each Partner of Record earns and
//! what the partners' own services bring, and says which plan to choose.
//!
//! Pure Rust with no web dependency, so the same code gives the same figures in
//! `cargo test`, in the `licalc` CLI and in the browser. Every amount is a
//! `rust_decimal::Decimal` rounded by the rules of `docs/rules.md` (cited by id).
//!
//! ```
//! use licalc_engine::{compute, PriceBook, Quote};
//! let quote = Quote::from_json(include_str!("../../examples/quotes/E1.json")).unwrap();
//! let result = compute(&PriceBook::default_book(), &quote).unwrap();
//! assert_eq!(result.fees.partners[0].total.to_string(), "3600.00");
//! ```

// Fuzzed without a sanitizer (docs/fuzzing.md): safe Rust only, and the compiler says so.
#![forbid(unsafe_code)]

pub mod advice;
pub mod book;
pub mod describe;
pub mod export;
pub mod fees;
pub mod history;
pub mod input;
pub mod limits;
pub mod link;
pub mod money;
mod output;
pub mod path;
pub mod plan;
pub mod portfolio;
pub mod pretty;
pub mod pricing;
pub mod problem;
pub mod quote;
pub mod rules;
pub mod services;
pub mod statement;
pub mod store;
#[cfg(test)]
mod testutil;
pub mod validate;

pub use advice::Advice;
pub use book::{FigureKey, FigureKind, PriceBook, Service, Unit};
pub use fees::{FeeKind, FeeResult, FeeRun, ForfeitCause, ForfeitedRun, PartnerFees};
pub use money::Currency;
pub use output::{portfolio_report, write_result};
pub use path::JsonPath;
pub use plan::{Cheaper, Choice, Compared, Comparison, Crossing};
pub use pricing::{Availability, ChargeRun, PathKind, PathResult};
pub use problem::{Problem, ProblemKind};
pub use quote::{Agreement, Quote, Transaction};
pub use rules::{Rule, Rules};
pub use services::ServicesResult;

use fees::compute_fees;
use money::Overflow;
use pricing::Pricer;
use quote::CalendarMonth;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Everything the engine computes for one quote. Every figure is a sum of rows (M5).
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteResult {
    pub currency: Currency,
    pub price_book: BookInfo,
    /// T2: the calendar month of month 1, when the quote has one.
    pub start: Option<CalendarMonth>,
    pub horizon_months: u32,
    pub paths: Paths,
    pub comparison: Comparison,
    /// Partner of Record fees and each partner's earnings on MOSP (F1-F9, S3).
    pub fees: FeeResult,
    /// The same on the switch plan: fees stop at the switch month (T6, F1).
    pub switch_fees: Option<FeeResult>,
    /// The partners' own services, the same on every plan (S1-S3).
    pub services: ServicesResult,
    pub advice: Vec<Advice>,
    /// Things worth knowing that do not stop the computation, each at the quote value it
    /// is about (same shape as a validation problem).
    pub warnings: Vec<Problem>,
}

/// Which price book (and version) the figures come from, and what the quote changed in it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BookInfo {
    pub id: String,
    pub version: String,
    pub name: String,
    pub effective_date: String,
    /// Figures this quote overrides.
    pub overridden: Vec<FigureKey>,
    /// Figures used by this quote that are not verified against a public source.
    pub unverified_used: Vec<FigureKey>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    pub mosp: PathResult,
    pub ea: PathResult,
    /// T6: present when the quote names a switch month.
    pub switch: Option<PathResult>,
}

impl Paths {
    pub fn get(&self, kind: PathKind) -> Option<&PathResult> {
        match kind {
            PathKind::Mosp => Some(&self.mosp),
            PathKind::Ea => Some(&self.ea),
            PathKind::Switch => self.switch.as_ref(),
        }
    }

    /// The plans of the comparison, in the order they are shown.
    pub fn all(&self) -> impl Iterator<Item = &PathResult> {
        [Some(&self.mosp), Some(&self.ea), self.switch.as_ref()]
            .into_iter()
            .flatten()
    }
}

impl QuoteResult {
    /// S2: what the customer pays on plan `kind` in its first year and over the horizon,
    /// licences and partner services together (the services are the same on every plan).
    /// `None` for a plan the quote does not have.
    pub fn with_services(&self, kind: PathKind) -> Option<(Decimal, Decimal)> {
        let p = self.paths.get(kind)?;
        let first_year = money::add(p.first_year_total, self.services.first_year_total).ok()?;
        let horizon = money::add(p.horizon_total, self.services.total).ok()?;
        Some((first_year, horizon))
    }
}

/// Prices a quote: the book plus the quote's overrides, validated together; then every
/// plan, the fees, the services and the advice. Any input gives either a result or the
/// complete list of problems, never a panic.
pub fn compute(book: &PriceBook, quote: &Quote) -> Result<QuoteResult, Vec<Problem>> {
    priced::<true>(book, quote)
}

/// [`compute`] without Partner of Record fees, for views that never show them (customer
/// mode, the widget): `fees` holds none, `switch_fees` is `None` and no warning comes
/// from fees; every price, total, comparison and piece of advice is the same. A build
/// that calls only this leaves the fees' code out (a const parameter, not a flag).
pub fn compute_prices(book: &PriceBook, quote: &Quote) -> Result<QuoteResult, Vec<Problem>> {
    priced::<false>(book, quote)
}

fn priced<const FEES: bool>(book: &PriceBook, quote: &Quote) -> Result<QuoteResult, Vec<Problem>> {
    let book = effective_book(book, quote)?;
    compute_valid::<FEES>(&book, quote).map_err(|Overflow| vec![too_large()])
}

/// The book with the quote's overrides, once the quote is valid against it.
pub(crate) fn effective_book<'b>(
    book: &'b PriceBook,
    quote: &Quote,
) -> Result<Cow<'b, PriceBook>, Vec<Problem>> {
    let (book, problems) = book.overridden(&quote.overrides);
    if !problems.is_empty() {
        return Err(problems);
    }
    let problems = validate::validate(quote, &book);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(book)
}

pub(crate) fn too_large() -> Problem {
    Problem::new(JsonPath::root(), ProblemKind::TooLargeToCompute, Rule::M1)
}

fn compute_valid<const FEES: bool>(
    book: &PriceBook,
    quote: &Quote,
) -> Result<QuoteResult, Overflow> {
    let pricer = Pricer::new(book, quote);
    let h = quote.horizon_months;
    let mosp = pricer.path(
        PathKind::Mosp,
        Availability::Available,
        Vec::new(),
        None,
        pricer.mosp_runs(h)?,
    )?;
    let ea_years = pricer.ea_years(1);
    let ea_available = pricer.availability(&ea_years, true);
    let ea_runs = pricer.ea_runs_in(1, &ea_years)?;
    let ea = pricer.path(PathKind::Ea, ea_available, ea_years, None, ea_runs)?;
    let switch = quote
        .switch_month
        .map(|x| plan::switch_path(&pricer, x))
        .transpose()?;
    let services = services::compute_services(quote, book.currency)?;
    let fees = match FEES {
        true => compute_fees(book, quote, &mosp.runs, &services)?,
        false => FeeResult::none(book),
    };
    let switch_fees = match &switch {
        Some((path, mosp_runs)) if FEES => Some(compute_fees(
            book,
            quote,
            &path.runs[..*mosp_runs],
            &services,
        )?),
        _ => None,
    };
    let switch = switch.map(|(path, _)| path);
    let advice = advice::advise(book, quote, &pricer.totals, &mosp, &ea)?;
    let comparison = plan::compare(book.currency.zero(), &mosp, &ea, switch.as_ref())?;
    let warnings = warnings(book, quote, &fees);
    let paths = Paths { mosp, ea, switch };
    Ok(QuoteResult {
        currency: book.currency,
        price_book: book_info(book, &paths),
        start: quote.start,
        horizon_months: h,
        paths,
        comparison,
        fees,
        switch_fees,
        services,
        advice,
        warnings,
    })
}

fn book_info(book: &PriceBook, paths: &Paths) -> BookInfo {
    let always = [
        FigureKey::TransactionRate,
        FigureKey::ResidualRate,
        FigureKey::FirstYearMonths,
    ];
    let runs = crate::pricing::FiguresUsed::new(paths.all().flat_map(|p| &p.runs));
    let used = |k: &FigureKey| always.contains(k) || runs.uses(k);
    let keys = book.figure_keys();
    let with =
        |f: &dyn Fn(&FigureKey) -> bool| keys.iter().filter(|k| f(k)).cloned().collect::<Vec<_>>();
    BookInfo {
        id: book.id.clone(),
        version: book.version.clone(),
        name: book.name.clone(),
        effective_date: book.effective_date.clone(),
        overridden: with(&|k| book.figure(k).is_some_and(|f| f.provenance().overridden)),
        unverified_used: with(&|k| {
            book.figure(k).is_some_and(|f| !f.provenance().verified) && used(k)
        }),
    }
}

/// C1: a quote made with another book; F6: billed months of a transaction with no
/// Partner of Record (allowed, but rarely meant: said at the transaction as well as in
/// the forfeited fees). Only billed months count.
fn warnings(book: &PriceBook, quote: &Quote, fees: &FeeResult) -> Vec<Problem> {
    let mut warnings = Vec::new();
    if let Some(r) = &quote.price_book {
        if r.id != book.id || r.version != book.version {
            let kind = ProblemKind::OtherPriceBook {
                made_with: format!("{} version {}", r.id, r.version),
                priced_with: format!("{} version {}", book.id, book.version),
            };
            warnings.push(Problem::new(JsonPath::field("price_book"), kind, Rule::C1));
        }
    }
    for (i, t) in quote.transactions.iter().enumerate() {
        let mut months: Vec<(u32, u32)> = fees
            .forfeited
            .iter()
            .filter(|f| {
                f.kind == FeeKind::Residual
                    && f.cause == ForfeitCause::NoPor
                    && *f.transaction == *t.id
            })
            .map(|f| (f.from_month, f.to_month))
            .collect();
        if months.is_empty() {
            continue;
        }
        months.sort_unstable();
        let merged = months
            .into_iter()
            .fold(Vec::<(u32, u32)>::new(), |mut acc, (a, b)| {
                match acc.last_mut() {
                    Some(last) if last.1 + 1 >= a => last.1 = last.1.max(b),
                    _ => acc.push((a, b)),
                }
                acc
            });
        let kind = ProblemKind::NoPorMonths {
            transaction: t.id.clone(),
            months: merged,
        };
        warnings.push(Problem::new(
            JsonPath::item("transactions", i),
            kind,
            Rule::F6,
        ));
    }
    warnings
}

#[cfg(test)]
mod tests;
