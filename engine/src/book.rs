//! The price book (rules C1-C4, F9): every figure the engine prices with, each carrying
//! its provenance, as data. The default book is embedded at build time from
//! `pricebook/default.json`; a user may load another or override single figures.

use crate::input::{InputError, NumberLocale};
use crate::limits::{MAX_BOOK_SERVICES, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::money::Currency;
use crate::path::JsonPath;
use crate::problem::{Document, Missing, Ordered, Problem, ProblemKind, Problems, Thing};
use crate::rules::Rule;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// The price book format this engine reads.
pub const BOOK_FORMAT: u32 = 1;

/// The default price book (`pricebook/default.json`) as its JSON text, for tests and
/// tools: programs get the book itself from [`PriceBook::shipped`], built as code.
pub const DEFAULT_BOOK_JSON: &str = include_str!("../../pricebook/default.json");

/// The books of `pricebook/` as code (engine/build.rs writes the functions).
pub(crate) mod built {
    use super::{Band, CountFigure, Figure, Level, PorTerms, PriceBook, Service, Unit};
    use crate::money::Currency;
    use rust_decimal::Decimal;

    fn s(text: &str) -> String {
        text.to_string()
    }

    fn fig(value: Decimal, source: String, verified: bool) -> Figure {
        Figure {
            value,
            source,
            verified,
            overridden: false,
        }
    }

    fn currency(code: &str) -> Currency {
        Currency::from_code(code).unwrap_or_else(|| panic!("unknown currency {code} in pricebook/"))
    }

    include!(concat!(env!("OUT_DIR"), "/books.rs"));
}

/// C1: one figure of the price book replaced for this quote (keys: `FigureKey`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub figure: String,
    pub value: String,
}

/// A decimal figure (price, discount or rate) with its provenance (C1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Decimal string in JSON: `"10.00"`, a fraction for rates (`"0.12"` is 12%).
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    pub source: String,
    pub verified: bool,
    /// Set when a quote replaced the book's value: the UI marks such figures.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
}

/// A whole-number figure (a minimum quantity, a number of months) with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountFigure {
    pub value: u32,
    pub source: String,
    pub verified: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    User,
    Device,
}

/// A MOSP volume band (P2): applies from `from` units of one service in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub from: u32,
    pub discount: Figure,
}

/// An EA price level (P4): applies from `from` qualified users or devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub name: String,
    pub from: u32,
    pub discount: Figure,
}

/// Partner of Record terms (F3, F4, F9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PorTerms {
    pub transaction_rate: Figure,
    pub residual_rate: Figure,
    pub first_year_months: CountFigure,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Stable id used by quotes: lower-case letters, digits and hyphens.
    pub id: String,
    pub name: String,
    /// Grouping for pickers ("BPOS", "Deskless", "Windows Intune", "MDOP").
    pub family: String,
    pub unit: Unit,
    pub list_price: Figure,
    /// P3: fewer units of this service in a month is a validation error.
    pub minimum: CountFigure,
    /// P5: the EA price of a unit already covered by Software Assurance; absent means
    /// this service has no Step-Up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_up_price: Option<Figure>,
    /// I3: monthly credit per device covered by Windows Client SA; absent means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sa_credit: Option<Figure>,
    /// C4: the services this suite bundles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// I4: an add-on sold only with this service, never for more units than it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<String>,
    /// Service-specific MOSP bands; the book's bands when absent (P2: bands are per service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mosp_bands: Option<Vec<Band>>,
    /// Service-specific EA levels; the book's levels when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ea_levels: Option<Vec<Level>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceBook {
    pub format: u32,
    pub id: String,
    pub version: String,
    pub name: String,
    pub currency: Currency,
    /// ISO date `YYYY-MM-DD` from which these prices applied.
    pub effective_date: String,
    pub mosp_bands: Vec<Band>,
    pub ea_levels: Vec<Level>,
    pub por: PorTerms,
    pub services: Vec<Service>,
}

/// What kind of value a figure holds, so the UI can offer the right input and the
/// engine can check an override before using it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// An amount of money per unit per month.
    Price,
    /// A fraction between 0 and 1 (a discount or a fee rate).
    Rate,
    /// A whole number (a minimum quantity, a number of months).
    Count,
}

/// Names one figure of a price book. Quotes' overrides and the app's price-book panel
/// use its text form (`services.intune.list_price`, `mosp_bands.2.discount`,
/// `ea_levels.A.discount`, `por.residual_rate`, documented in `docs/formats.md`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FigureKey {
    ListPrice(String),
    Minimum(String),
    StepUpPrice(String),
    SaCredit(String),
    /// A MOSP band's discount, 1-based; of a service's own bands when `service` is set.
    Band {
        service: Option<String>,
        band: usize,
    },
    /// An EA level's discount, by level name.
    Level {
        service: Option<String>,
        level: String,
    },
    TransactionRate,
    ResidualRate,
    FirstYearMonths,
}

impl fmt::Display for FigureKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = |s: &Option<String>| {
            s.as_ref()
                .map(|s| format!("services.{s}."))
                .unwrap_or_default()
        };
        match self {
            FigureKey::ListPrice(s) => write!(f, "services.{s}.list_price"),
            FigureKey::Minimum(s) => write!(f, "services.{s}.minimum"),
            FigureKey::StepUpPrice(s) => write!(f, "services.{s}.step_up_price"),
            FigureKey::SaCredit(s) => write!(f, "services.{s}.sa_credit"),
            FigureKey::Band { service, band } => {
                write!(f, "{}mosp_bands.{band}.discount", prefix(service))
            }
            FigureKey::Level { service, level } => {
                write!(f, "{}ea_levels.{level}.discount", prefix(service))
            }
            FigureKey::TransactionRate => f.write_str("por.transaction_rate"),
            FigureKey::ResidualRate => f.write_str("por.residual_rate"),
            FigureKey::FirstYearMonths => f.write_str("por.first_year_months"),
        }
    }
}

impl std::str::FromStr for FigureKey {
    type Err = ();
    fn from_str(s: &str) -> Result<FigureKey, ()> {
        let parts: Vec<&str> = s.split('.').collect();
        let tiered = |service: Option<String>, rest: &[&str]| match rest {
            ["mosp_bands", n, "discount"] => match n.parse::<usize>() {
                Ok(band) if band >= 1 && !n.starts_with('0') => {
                    Ok(FigureKey::Band { service, band })
                }
                _ => Err(()),
            },
            ["ea_levels", level, "discount"] if !level.is_empty() => Ok(FigureKey::Level {
                service,
                level: level.to_string(),
            }),
            _ => Err(()),
        };
        match parts.as_slice() {
            ["por", "transaction_rate"] => Ok(FigureKey::TransactionRate),
            ["por", "residual_rate"] => Ok(FigureKey::ResidualRate),
            ["por", "first_year_months"] => Ok(FigureKey::FirstYearMonths),
            ["services", id, field] if !id.is_empty() => {
                let id = id.to_string();
                match *field {
                    "list_price" => Ok(FigureKey::ListPrice(id)),
                    "minimum" => Ok(FigureKey::Minimum(id)),
                    "step_up_price" => Ok(FigureKey::StepUpPrice(id)),
                    "sa_credit" => Ok(FigureKey::SaCredit(id)),
                    _ => Err(()),
                }
            }
            ["services", id, rest @ ..] if !id.is_empty() => tiered(Some(id.to_string()), rest),
            rest => tiered(None, rest),
        }
    }
}

/// One figure of a book, read-only.
#[derive(Debug, Clone, Copy)]
pub enum FigureRef<'a> {
    Decimal(&'a Figure, FigureKind),
    Count(&'a CountFigure),
}

impl FigureRef<'_> {
    pub fn kind(self) -> FigureKind {
        match self {
            FigureRef::Decimal(_, k) => k,
            FigureRef::Count(_) => FigureKind::Count,
        }
    }

    /// The value as the book writes it (`"10.00"`, `"12"`).
    pub fn value(self) -> String {
        match self {
            FigureRef::Decimal(f, _) => f.value.to_string(),
            FigureRef::Count(f) => f.value.to_string(),
        }
    }
}

/// Provenance of a figure, whichever kind it is.
pub struct Provenance<'a> {
    pub source: &'a str,
    pub verified: bool,
    pub overridden: bool,
}

impl<'a> FigureRef<'a> {
    pub fn provenance(self) -> Provenance<'a> {
        match self {
            FigureRef::Decimal(f, _) => Provenance {
                source: &f.source,
                verified: f.verified,
                overridden: f.overridden,
            },
            FigureRef::Count(f) => Provenance {
                source: &f.source,
                verified: f.verified,
                overridden: f.overridden,
            },
        }
    }
}

enum FigureMut<'a> {
    Decimal(&'a mut Figure, FigureKind),
    Count(&'a mut CountFigure),
}

/// Why an override cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureError {
    Unknown,
    Bad(InputError),
}

impl PriceBook {
    /// The embedded default book, as a value of its own (see [`PriceBook::shipped`]).
    pub fn default_book() -> PriceBook {
        PriceBook::shipped().clone()
    }

    /// The embedded default book, made once: the app compares with it on every draft
    /// it writes and every quote it opens. It is built into the program as code
    /// (engine/build.rs), not read from JSON, so no program needs a JSON reader to
    /// start; the test suite holds it equal to `from_json(DEFAULT_BOOK_JSON)`.
    pub fn shipped() -> &'static PriceBook {
        static SHIPPED: std::sync::OnceLock<PriceBook> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(built::default_book)
    }

    /// Parses and completely validates a price book: every problem, each with its JSON path.
    pub fn from_json(json: &str) -> Result<PriceBook, Vec<Problem>> {
        let book: PriceBook = crate::problem::parse_json(json)?;
        let problems = book.validate();
        if problems.is_empty() {
            Ok(book)
        } else {
            Err(problems)
        }
    }

    /// Indented, as the price-book panel shows it ([`crate::pretty`]).
    pub fn to_json(&self) -> String {
        crate::pretty::pretty(&serde_json::to_string(self).unwrap_or_default())
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    pub fn service_index(&self, id: &str) -> Option<usize> {
        self.services.iter().position(|s| s.id == id)
    }

    /// The bands that price this service on MOSP.
    pub fn bands_for<'a>(&'a self, service: &'a Service) -> &'a [Band] {
        service.mosp_bands.as_deref().unwrap_or(&self.mosp_bands)
    }

    /// The levels that price this service on an EA.
    pub fn levels_for<'a>(&'a self, service: &'a Service) -> &'a [Level] {
        service.ea_levels.as_deref().unwrap_or(&self.ea_levels)
    }

    /// The key of the discount of band `band` (0-based) as it prices `service`.
    pub fn band_key(&self, service: &Service, band: usize) -> FigureKey {
        FigureKey::Band {
            service: service.mosp_bands.as_ref().map(|_| service.id.clone()),
            band: band + 1,
        }
    }

    /// The key of a level's discount as it prices `service`.
    pub fn level_key(&self, service: &Service, level: &Level) -> FigureKey {
        FigureKey::Level {
            service: service.ea_levels.as_ref().map(|_| service.id.clone()),
            level: level.name.clone(),
        }
    }

    /// Every figure's key, in book order: each service's figures, then the book's bands,
    /// levels and fee terms.
    pub fn figure_keys(&self) -> Vec<FigureKey> {
        let mut keys = Vec::new();
        let tiers = |keys: &mut Vec<FigureKey>,
                     service: Option<&String>,
                     bands: &[Band],
                     levels: &[Level]| {
            keys.extend((1..=bands.len()).map(|band| FigureKey::Band {
                service: service.cloned(),
                band,
            }));
            keys.extend(levels.iter().map(|l| FigureKey::Level {
                service: service.cloned(),
                level: l.name.clone(),
            }));
        };
        for s in &self.services {
            keys.push(FigureKey::ListPrice(s.id.clone()));
            keys.push(FigureKey::Minimum(s.id.clone()));
            if s.step_up_price.is_some() {
                keys.push(FigureKey::StepUpPrice(s.id.clone()));
            }
            if s.sa_credit.is_some() {
                keys.push(FigureKey::SaCredit(s.id.clone()));
            }
            let bands = s.mosp_bands.as_deref().unwrap_or(&[]);
            let levels = s.ea_levels.as_deref().unwrap_or(&[]);
            tiers(&mut keys, Some(&s.id), bands, levels);
        }
        tiers(&mut keys, None, &self.mosp_bands, &self.ea_levels);
        keys.extend([
            FigureKey::TransactionRate,
            FigureKey::ResidualRate,
            FigureKey::FirstYearMonths,
        ]);
        keys
    }

    /// One figure by key, if the book has it.
    pub fn figure(&self, key: &FigureKey) -> Option<FigureRef<'_>> {
        let service = |id: &str| self.service(id);
        let bands = |s: &Option<String>| match s {
            Some(id) => service(id)?.mosp_bands.as_deref(),
            None => Some(&self.mosp_bands[..]),
        };
        let levels = |s: &Option<String>| match s {
            Some(id) => service(id)?.ea_levels.as_deref(),
            None => Some(&self.ea_levels[..]),
        };
        Some(match key {
            FigureKey::ListPrice(s) => {
                FigureRef::Decimal(&service(s)?.list_price, FigureKind::Price)
            }
            FigureKey::Minimum(s) => FigureRef::Count(&service(s)?.minimum),
            FigureKey::StepUpPrice(s) => {
                FigureRef::Decimal(service(s)?.step_up_price.as_ref()?, FigureKind::Price)
            }
            FigureKey::SaCredit(s) => {
                FigureRef::Decimal(service(s)?.sa_credit.as_ref()?, FigureKind::Price)
            }
            FigureKey::Band { service, band } => FigureRef::Decimal(
                &bands(service)?.get(band.checked_sub(1)?)?.discount,
                FigureKind::Rate,
            ),
            FigureKey::Level { service, level } => FigureRef::Decimal(
                &levels(service)?.iter().find(|l| &l.name == level)?.discount,
                FigureKind::Rate,
            ),
            FigureKey::TransactionRate => {
                FigureRef::Decimal(&self.por.transaction_rate, FigureKind::Rate)
            }
            FigureKey::ResidualRate => {
                FigureRef::Decimal(&self.por.residual_rate, FigureKind::Rate)
            }
            FigureKey::FirstYearMonths => FigureRef::Count(&self.por.first_year_months),
        })
    }

    fn figure_mut(&mut self, key: &FigureKey) -> Option<FigureMut<'_>> {
        // The read-only lookup decides whether the figure exists; this only has to reach it.
        let kind = self.figure(key)?.kind();
        fn service<'b>(services: &'b mut [Service], id: &str) -> Option<&'b mut Service> {
            services.iter_mut().find(|s| s.id == id)
        }
        let dec = |f| FigureMut::Decimal(f, kind);
        Some(match key {
            FigureKey::ListPrice(s) => dec(&mut service(&mut self.services, s)?.list_price),
            FigureKey::Minimum(s) => FigureMut::Count(&mut service(&mut self.services, s)?.minimum),
            FigureKey::StepUpPrice(s) => {
                dec(service(&mut self.services, s)?.step_up_price.as_mut()?)
            }
            FigureKey::SaCredit(s) => dec(service(&mut self.services, s)?.sa_credit.as_mut()?),
            FigureKey::Band { service: s, band } => {
                let bands = match s {
                    Some(id) => service(&mut self.services, id)?.mosp_bands.as_mut()?,
                    None => &mut self.mosp_bands,
                };
                dec(&mut bands.get_mut(band - 1)?.discount)
            }
            FigureKey::Level { service: s, level } => {
                let levels = match s {
                    Some(id) => service(&mut self.services, id)?.ea_levels.as_mut()?,
                    None => &mut self.ea_levels,
                };
                dec(&mut levels.iter_mut().find(|l| &l.name == level)?.discount)
            }
            FigureKey::TransactionRate => dec(&mut self.por.transaction_rate),
            FigureKey::ResidualRate => dec(&mut self.por.residual_rate),
            FigureKey::FirstYearMonths => FigureMut::Count(&mut self.por.first_year_months),
        })
    }

    /// Replaces one figure's value and marks it overridden. The value is checked for its
    /// kind (a price is a non-negative decimal, a rate lies in 0..=1, a count is whole).
    pub fn set_figure(&mut self, key: &FigureKey, value: &str) -> Result<(), FigureError> {
        match self.figure_mut(key).ok_or(FigureError::Unknown)? {
            FigureMut::Decimal(f, kind) => {
                f.value = parse_figure_value(value, kind, NumberLocale::PLAIN)
                    .map_err(FigureError::Bad)?;
                f.overridden = true;
            }
            FigureMut::Count(f) => {
                f.value = NumberLocale::PLAIN
                    .parse_count(value)
                    .map_err(FigureError::Bad)?;
                f.overridden = true;
            }
        }
        Ok(())
    }

    /// This book with a quote's overrides applied (C1), and every problem with them: an
    /// unknown figure or a bad value at the override, or, when each is fine on its own,
    /// what makes the resulting book invalid. The book returned holds every valid
    /// override even when there are problems, so a panel can still show them.
    pub fn with_overrides(&self, overrides: &[Override]) -> (PriceBook, Vec<Problem>) {
        let (book, problems) = self.overridden(overrides);
        (book.into_owned(), problems)
    }

    /// [`PriceBook::with_overrides`], copying the book only when a figure is overridden:
    /// every computation asks, and most quotes override nothing.
    pub fn overridden(&self, overrides: &[Override]) -> (Cow<'_, PriceBook>, Vec<Problem>) {
        let mut book = Cow::Borrowed(self);
        let mut p = Problems::default();
        for (i, o) in overrides.iter().enumerate() {
            let at = || JsonPath::item("overrides", i);
            let Ok(key) = o.figure.parse::<FigureKey>() else {
                p.push(
                    at().key("figure"),
                    ProblemKind::Unknown {
                        what: Thing::Figure,
                        id: o.figure.clone(),
                    },
                    Rule::C1,
                );
                continue;
            };
            match book.to_mut().set_figure(&key, &o.value) {
                Ok(()) => {}
                Err(FigureError::Unknown) => p.push(
                    at().key("figure"),
                    ProblemKind::Unknown {
                        what: Thing::Figure,
                        id: o.figure.clone(),
                    },
                    Rule::C1,
                ),
                Err(FigureError::Bad(error)) => p.push(
                    at().key("value"),
                    ProblemKind::BadOverride {
                        figure: o.figure.clone(),
                        error,
                    },
                    Rule::C1,
                ),
            }
        }
        if p.is_empty() {
            for problem in book.validate() {
                p.push(
                    JsonPath::field("overrides"),
                    ProblemKind::BookInvalidWithOverrides {
                        problem: Box::new(problem),
                    },
                    Rule::C1,
                );
            }
        }
        (book, p.into_vec())
    }

    /// Every problem in the book, each with its JSON path (`$.services[2].list_price.value`).
    pub fn validate(&self) -> Vec<Problem> {
        let mut p = Problems::default();
        self.check_header(&mut p);
        check_bands(&mut p, JsonPath::field("mosp_bands"), &self.mosp_bands);
        check_levels(&mut p, JsonPath::field("ea_levels"), &self.ea_levels);
        let por = || JsonPath::field("por");
        check_figure(
            &mut p,
            por().key("transaction_rate"),
            &self.por.transaction_rate,
            FigureKind::Rate,
        );
        check_figure(
            &mut p,
            por().key("residual_rate"),
            &self.por.residual_rate,
            FigureKind::Rate,
        );
        check_source(
            &mut p,
            por().key("first_year_months"),
            &self.por.first_year_months.source,
        );
        if self.por.first_year_months.value == 0 {
            p.push(
                por().key("first_year_months").key("value"),
                ProblemKind::FirstYearZero,
                Rule::F9,
            );
        }
        if self.services.is_empty() {
            p.push(
                JsonPath::field("services"),
                ProblemKind::NoServices,
                Rule::C3,
            );
        }
        p.check_count(
            || JsonPath::field("services"),
            self.services.len(),
            MAX_BOOK_SERVICES,
        );
        let ids: HashSet<&str> = self.services.iter().map(|s| s.id.as_str()).collect();
        let mut seen = HashSet::new();
        for (i, s) in self.services.iter().enumerate() {
            let at = || JsonPath::item("services", i);
            if !is_id(&s.id) {
                p.push(
                    at().key("id"),
                    ProblemKind::BadId { id: s.id.clone() },
                    Rule::C1,
                );
            } else if !seen.insert(s.id.as_str()) {
                p.push(
                    at().key("id"),
                    ProblemKind::Duplicate {
                        what: Thing::Service,
                        id: s.id.clone(),
                    },
                    Rule::C1,
                );
            }
            self.check_service(&mut p, i, s, &ids);
        }
        p.into_vec()
    }

    fn check_header(&self, p: &mut Problems) {
        if self.format != BOOK_FORMAT {
            p.push(
                JsonPath::field("format"),
                ProblemKind::UnsupportedFormat {
                    document: Document::PriceBook,
                    found: self.format,
                    supported: BOOK_FORMAT,
                },
                Rule::C1,
            );
        }
        for (field, text, missing) in [
            ("id", &self.id, Missing::BookId),
            ("version", &self.version, Missing::BookVersion),
        ] {
            if text.trim().is_empty() {
                p.push(
                    JsonPath::field(field),
                    ProblemKind::Missing { what: missing },
                    Rule::C1,
                );
            }
            p.check_len(|| JsonPath::field(field), text, MAX_ID_CHARS);
        }
        p.check_len(|| JsonPath::field("name"), &self.name, MAX_NAME_CHARS);
        if !is_iso_date(&self.effective_date) {
            let text = self.effective_date.chars().take(40).collect();
            p.push(
                JsonPath::field("effective_date"),
                ProblemKind::BadDate { text },
                Rule::C1,
            );
        }
    }

    fn check_service(&self, p: &mut Problems, i: usize, s: &Service, ids: &HashSet<&str>) {
        let at = || JsonPath::item("services", i);
        p.check_len(|| at().key("id"), &s.id, MAX_ID_CHARS);
        p.check_len(|| at().key("name"), &s.name, MAX_NAME_CHARS);
        p.check_len(|| at().key("family"), &s.family, MAX_NAME_CHARS);
        if s.name.trim().is_empty() {
            p.push(
                at().key("name"),
                ProblemKind::Missing {
                    what: Missing::ServiceName,
                },
                Rule::C1,
            );
        }
        check_figure(p, at().key("list_price"), &s.list_price, FigureKind::Price);
        check_source(p, at().key("minimum"), &s.minimum.source);
        if let Some(step) = &s.step_up_price {
            check_figure(p, at().key("step_up_price"), step, FigureKind::Price);
            if step.value > s.list_price.value {
                p.push(
                    at().key("step_up_price").key("value"),
                    ProblemKind::StepUpAboveFull,
                    Rule::P5,
                );
            }
        }
        if let Some(credit) = &s.sa_credit {
            check_figure(p, at().key("sa_credit"), credit, FigureKind::Price);
        }
        for (j, c) in s.components.iter().enumerate() {
            let kind = if c == &s.id {
                ProblemKind::SuiteContainsItself
            } else if !ids.contains(c.as_str()) {
                ProblemKind::Unknown {
                    what: Thing::Service,
                    id: c.clone(),
                }
            } else if self.service(c).is_some_and(|cs| !cs.components.is_empty()) {
                ProblemKind::ComponentIsSuite { id: c.clone() }
            } else if self.service(c).is_some_and(|cs| cs.unit != s.unit) {
                ProblemKind::ComponentUnit { id: c.clone() }
            } else {
                continue;
            };
            p.push(at().key("components").index(j), kind, Rule::C4);
        }
        if let Some(r) = &s.requires {
            if r == &s.id {
                p.push(at().key("requires"), ProblemKind::RequiresItself, Rule::I4);
            } else if !ids.contains(r.as_str()) {
                p.push(
                    at().key("requires"),
                    ProblemKind::Unknown {
                        what: Thing::Service,
                        id: r.clone(),
                    },
                    Rule::I4,
                );
            }
        }
        if let Some(b) = &s.mosp_bands {
            check_bands(p, at().key("mosp_bands"), b);
        }
        if let Some(l) = &s.ea_levels {
            check_levels(p, at().key("ea_levels"), l);
        }
    }
}

/// Parses a figure value (an override, or one typed in the price-book panel).
pub fn parse_figure_value(
    value: &str,
    kind: FigureKind,
    locale: NumberLocale,
) -> Result<Decimal, InputError> {
    let v = locale.parse_decimal(value)?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(InputError::Negative);
    }
    if kind == FigureKind::Rate && v > Decimal::ONE {
        return Err(InputError::RateAboveOne);
    }
    Ok(v)
}

fn check_source(p: &mut Problems, at: JsonPath, source: &str) {
    if source.trim().is_empty() {
        p.push(
            at.key("source"),
            ProblemKind::Missing {
                what: Missing::Source,
            },
            Rule::C1,
        );
    } else {
        p.check_len(|| at.key("source"), source, MAX_TEXT_CHARS);
    }
}

fn check_figure(p: &mut Problems, at: JsonPath, f: &Figure, kind: FigureKind) {
    if let Err(error) = parse_figure_value(&f.value.to_string(), kind, NumberLocale::PLAIN) {
        p.push(
            at.clone().key("value"),
            ProblemKind::BadValue {
                value: f.value.to_string(),
                error,
            },
            Rule::C1,
        );
    }
    check_source(p, at, &f.source);
}

fn check_bands(p: &mut Problems, at: JsonPath, bands: &[Band]) {
    let Some(first) = bands.first() else {
        p.push(at, ProblemKind::NoBands, Rule::P2);
        return;
    };
    if first.from != 1 {
        p.push(
            at.clone().index(0).key("from"),
            ProblemKind::FirstBandNotOne,
            Rule::P2,
        );
    }
    for (i, b) in bands.iter().enumerate() {
        check_figure(
            p,
            at.clone().index(i).key("discount"),
            &b.discount,
            FigureKind::Rate,
        );
        let previous = i.checked_sub(1).map(|j| bands[j].from);
        let from = || at.clone().index(i).key("from");
        p.check_increasing(from, Ordered::Bands, b.from, previous, Rule::P2);
    }
}

fn check_levels(p: &mut Problems, at: JsonPath, levels: &[Level]) {
    if levels.is_empty() {
        p.push(at, ProblemKind::NoLevels, Rule::P4);
        return;
    }
    let mut names = HashSet::new();
    for (i, l) in levels.iter().enumerate() {
        let here = || at.clone().index(i);
        check_figure(p, here().key("discount"), &l.discount, FigureKind::Rate);
        if l.name.trim().is_empty() || l.name.contains('.') || l.name.len() > MAX_ID_CHARS {
            p.push(here().key("name"), ProblemKind::BadLevelName, Rule::P4);
        } else if !names.insert(l.name.as_str()) {
            p.push(
                here().key("name"),
                ProblemKind::Duplicate {
                    what: Thing::Level,
                    id: l.name.clone(),
                },
                Rule::P4,
            );
        }
        let previous = i.checked_sub(1).map(|j| levels[j].from);
        let from = || here().key("from");
        p.check_increasing(from, Ordered::Levels, l.from, previous, Rule::P4);
    }
}

/// Lower-case letters, digits and hyphens: the ids of services.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m),
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(|p| p.path.to_string()).collect()
    }

    /// engine/build.rs writes each book of pricebook/ as code: each must be exactly what
    /// reading its JSON gives, and valid.
    #[test]
    fn the_built_books_are_the_json_files() {
        // Update when pricebook/history/ gets an edition: build.rs found what is there.
        assert_eq!(built::FILES.len(), 2, "the shipped book and 2011.03.1");
        for (json, made) in built::FILES {
            let (made, read) = (made(), PriceBook::from_json(json).unwrap());
            assert_eq!(made, read, "{}", read.version);
            // Decimal's scale too (PartialEq compares values): "10.00" stays "10.00".
            assert_eq!(made.to_json(), read.to_json());
            assert!(made.validate().is_empty());
        }
        assert_eq!(*PriceBook::shipped(), built::default_book());
        assert_eq!(
            crate::history::earlier("bpos-intune-2011", "2011.03.1"),
            Some(built::edition_2011_03_1())
        );
    }

    #[test]
    fn c1_default_book_is_valid_and_every_figure_has_provenance() {
        let book = PriceBook::default_book();
        assert_eq!(book.currency.code(), "USD");
        for key in book.figure_keys() {
            let f = book
                .figure(&key)
                .unwrap_or_else(|| panic!("{key} listed but not found"));
            assert!(
                !f.provenance().source.trim().is_empty(),
                "{key} has no source"
            );
        }
    }

    #[test]
    fn figure_keys_round_trip_through_text() {
        let book = PriceBook::default_book();
        let mut keys = book.figure_keys();
        keys.push(FigureKey::Band {
            service: Some("intune".into()),
            band: 2,
        });
        keys.push(FigureKey::Level {
            service: Some("intune".into()),
            level: "B".into(),
        });
        for key in keys {
            assert_eq!(
                key.to_string().parse::<FigureKey>(),
                Ok(key.clone()),
                "{key}"
            );
        }
        for bad in [
            "",
            "por",
            "por.nope",
            "services..list_price",
            "mosp_bands.0.discount",
            "mosp_bands.x.discount",
            "services.a.b.c",
        ] {
            assert!(bad.parse::<FigureKey>().is_err(), "{bad}");
        }
    }

    #[test]
    fn c3_default_catalogue_has_the_named_services() {
        let book = PriceBook::default_book();
        for id in [
            "bpos-standard",
            "exchange-online",
            "sharepoint-online",
            "office-communications-online",
            "office-live-meeting",
            "bpos-deskless",
            "intune",
            "mdop",
        ] {
            assert!(book.service(id).is_some(), "{id} missing");
        }
        assert_eq!(book.service("bpos-standard").unwrap().components.len(), 4);
        assert_eq!(
            book.service("mdop").unwrap().requires.as_deref(),
            Some("intune")
        );
        assert_eq!(book.service("intune").unwrap().unit, Unit::Device);
    }

    #[test]
    fn c1_validation_reports_every_problem_with_its_json_path() {
        let mut book = PriceBook::default_book();
        book.services[0].list_price.value = Decimal::NEGATIVE_ONE;
        book.mosp_bands[2].from = 10;
        book.services[0].components.push("nope".into());
        let problems = book.validate();
        let paths = paths(&problems);
        assert!(
            paths.contains(&"$.services[0].list_price.value".into()),
            "{paths:?}"
        );
        assert!(paths.contains(&"$.mosp_bands[2].from".into()), "{paths:?}");
        assert!(
            paths.contains(&"$.services[0].components[4]".into()),
            "{paths:?}"
        );
        // A consequence, reported too: the Step-Up price is now above the full price.
        assert!(
            paths.contains(&"$.services[0].step_up_price.value".into()),
            "{paths:?}"
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn p4_levels_start_at_increasing_counts() {
        let mut book = PriceBook::default_book();
        let first = book.ea_levels[0].from;
        book.ea_levels[1].from = first;
        let problems = book.validate();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path.to_string(), "$.ea_levels[1].from");
        assert_eq!(
            problems[0].kind,
            ProblemKind::NotIncreasing {
                what: Ordered::Levels,
                value: first,
                previous: first,
            }
        );
        assert_eq!(problems[0].rule, Some(Rule::P4));
    }

    #[test]
    fn c1_unknown_currency_and_bad_json_are_reported_with_a_path() {
        let json = DEFAULT_BOOK_JSON.replacen("\"USD\"", "\"XXX\"", 1);
        let problems = PriceBook::from_json(&json).unwrap_err();
        assert_eq!(problems[0].path.to_string(), "$.currency");
        assert!(problems[0].to_string().contains("XXX"), "{problems:?}");

        let json = DEFAULT_BOOK_JSON.replacen("\"10.00\"", "10.0", 1);
        let problems = PriceBook::from_json(&json).unwrap_err();
        assert!(
            problems[0].path.to_string().ends_with("list_price.value"),
            "{problems:?}"
        );
    }

    #[test]
    fn c1_overrides_are_checked_marked_and_listed() {
        let mut book = PriceBook::default_book();
        let intune = FigureKey::ListPrice("intune".into());
        book.set_figure(&intune, "9.50").unwrap();
        let f = book.figure(&intune).unwrap();
        assert_eq!(
            (f.value().as_str(), f.provenance().overridden),
            ("9.50", true)
        );
        assert_eq!(
            book.set_figure(&intune, "-1"),
            Err(FigureError::Bad(InputError::Negative))
        );
        assert_eq!(
            book.set_figure(&FigureKey::ResidualRate, "6"),
            Err(FigureError::Bad(InputError::RateAboveOne))
        );
        assert!(book
            .set_figure(&FigureKey::Minimum("intune".into()), "1.5")
            .is_err());
        assert_eq!(
            book.set_figure(&FigureKey::ListPrice("nope".into()), "1"),
            Err(FigureError::Unknown)
        );
        book.set_figure(&"ea_levels.B.discount".parse().unwrap(), "0.13")
            .unwrap();
        assert_eq!(book.ea_levels[1].discount.value.to_string(), "0.13");
    }

    #[test]
    fn with_overrides_applies_the_valid_ones_and_reports_the_rest() {
        let book = PriceBook::default_book();
        let o = |figure: &str, value: &str| Override {
            figure: figure.into(),
            value: value.into(),
        };
        let (b, problems) = book.with_overrides(&[
            o("services.intune.list_price", "9"),
            o("services.intune.sa_credit", "x"),
            o("nope", "1"),
        ]);
        assert_eq!(
            b.service("intune").unwrap().list_price.value.to_string(),
            "9"
        );
        assert_eq!(
            paths(&problems),
            ["$.overrides[1].value", "$.overrides[2].figure"]
        );
        // Each fine alone, invalid together: a Step-Up price above the full price (P5).
        let (_, problems) = book.with_overrides(&[o("services.bpos-standard.list_price", "1")]);
        assert_eq!(paths(&problems), ["$.overrides"]);
        assert!(
            matches!(&problems[0].kind, ProblemKind::BookInvalidWithOverrides { problem } if problem.rule == Some(Rule::P5))
        );
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_iso_date("2011-03-23"));
        assert!(is_iso_date("2012-02-29"));
        assert!(!is_iso_date("2011-02-29"));
        assert!(!is_iso_date("2011-3-23"));
    }
}
