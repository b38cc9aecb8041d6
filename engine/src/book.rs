//! The price book (rules C1-C4, F9): every figure the engine prices with, each carrying
//! its provenance, as data. The default book is embedded at build time from
//! `pricebook/default.json`; a user may load another or override single figures.

use crate::money::Currency;
use crate::problem::{Problem, Problems};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The price book format this engine reads.
pub const BOOK_FORMAT: u32 = 1;

/// The default price book (`pricebook/default.json`), embedded so the CLI and the app
/// work offline with no file to find.
pub const DEFAULT_BOOK_JSON: &str = include_str!("../../pricebook/default.json");

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

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::User => "per user",
            Unit::Device => "per device",
        }
    }
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

/// One figure of the book as the price book panel lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureInfo {
    /// Stable key, e.g. `services.intune.list_price`, `mosp_bands.1.discount`,
    /// `ea_levels.A.discount`, `por.residual_rate`. Overrides name figures by it.
    pub key: String,
    pub label: String,
    pub kind: FigureKind,
    pub value: String,
    pub source: String,
    pub verified: bool,
    pub overridden: bool,
}

enum FigureMut<'a> {
    Dec(&'a mut Figure, FigureKind),
    Count(&'a mut CountFigure),
}

impl PriceBook {
    /// The embedded default book. It is checked by the test suite, so this cannot fail
    /// in a released build; should it ever, the message names the problems.
    pub fn default_book() -> PriceBook {
        PriceBook::from_json(DEFAULT_BOOK_JSON)
            .unwrap_or_else(|p| panic!("embedded default price book is invalid: {p:?}"))
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

    /// Every problem in the book, each with its JSON path (`$.services[2].list_price.value`).
    pub fn validate(&self) -> Vec<Problem> {
        let mut p = Problems::default();
        if self.format != BOOK_FORMAT {
            p.push(
                "$.format",
                format!(
                    "this engine reads price book format {BOOK_FORMAT}, not {}",
                    self.format
                ),
                "C1",
            );
        }
        if self.id.trim().is_empty() {
            p.push("$.id", "the price book needs an id", "C1");
        }
        if self.version.trim().is_empty() {
            p.push("$.version", "the price book needs a version", "C1");
        }
        if !is_iso_date(&self.effective_date) {
            p.push(
                "$.effective_date",
                format!(
                    "\"{}\" is not a date in the form YYYY-MM-DD",
                    self.effective_date
                ),
                "C1",
            );
        }
        check_bands(&mut p, "$.mosp_bands", &self.mosp_bands);
        check_levels(&mut p, "$.ea_levels", &self.ea_levels);
        check_figure(
            &mut p,
            "$.por.transaction_rate",
            &self.por.transaction_rate,
            FigureKind::Rate,
        );
        check_figure(
            &mut p,
            "$.por.residual_rate",
            &self.por.residual_rate,
            FigureKind::Rate,
        );
        check_count(
            &mut p,
            "$.por.first_year_months",
            &self.por.first_year_months,
        );
        if self.por.first_year_months.value == 0 {
            p.push(
                "$.por.first_year_months.value",
                "the first year must last at least 1 month",
                "F9",
            );
        }

        if self.services.is_empty() {
            p.push("$.services", "the price book has no services", "C3");
        }
        let ids: HashSet<&str> = self.services.iter().map(|s| s.id.as_str()).collect();
        let mut seen = HashSet::new();
        for (i, s) in self.services.iter().enumerate() {
            let at = format!("$.services[{i}]");
            if !is_id(&s.id) {
                p.push(
                    format!("{at}.id"),
                    format!(
                        "\"{}\" is not a valid id: use lower-case letters, digits and hyphens",
                        s.id
                    ),
                    "C1",
                );
            } else if !seen.insert(s.id.as_str()) {
                p.push(
                    format!("{at}.id"),
                    format!("the service id \"{}\" is used twice", s.id),
                    "C1",
                );
            }
            if s.name.trim().is_empty() {
                p.push(format!("{at}.name"), "the service needs a name", "C1");
            }
            check_figure(
                &mut p,
                &format!("{at}.list_price"),
                &s.list_price,
                FigureKind::Price,
            );
            check_count(&mut p, &format!("{at}.minimum"), &s.minimum);
            if let Some(step) = &s.step_up_price {
                check_figure(
                    &mut p,
                    &format!("{at}.step_up_price"),
                    step,
                    FigureKind::Price,
                );
                if step.value > s.list_price.value {
                    p.push(
                        format!("{at}.step_up_price.value"),
                        "the Step-Up price is above the full price",
                        "P5",
                    );
                }
            }
            if let Some(credit) = &s.sa_credit {
                check_figure(
                    &mut p,
                    &format!("{at}.sa_credit"),
                    credit,
                    FigureKind::Price,
                );
            }
            for (j, c) in s.components.iter().enumerate() {
                let cat = format!("{at}.components[{j}]");
                if c == &s.id {
                    p.push(cat, "a suite cannot contain itself", "C4");
                } else if !ids.contains(c.as_str()) {
                    p.push(
                        cat,
                        format!("the suite names an unknown service \"{c}\""),
                        "C4",
                    );
                } else if self.service(c).is_some_and(|cs| !cs.components.is_empty()) {
                    p.push(
                        cat,
                        format!("\"{c}\" is itself a suite: suites list single services"),
                        "C4",
                    );
                } else if self.service(c).is_some_and(|cs| cs.unit != s.unit) {
                    p.push(
                        cat,
                        format!(
                            "\"{c}\" is licensed {} but the suite {}",
                            self.service(c).map_or("", |x| x.unit.label()),
                            s.unit.label()
                        ),
                        "C4",
                    );
                }
            }
            if let Some(r) = &s.requires {
                if r == &s.id {
                    p.push(
                        format!("{at}.requires"),
                        "a service cannot require itself",
                        "I4",
                    );
                } else if !ids.contains(r.as_str()) {
                    p.push(
                        format!("{at}.requires"),
                        format!("requires an unknown service \"{r}\""),
                        "I4",
                    );
                }
            }
            if let Some(b) = &s.mosp_bands {
                check_bands(&mut p, &format!("{at}.mosp_bands"), b);
            }
            if let Some(l) = &s.ea_levels {
                check_levels(&mut p, &format!("{at}.ea_levels"), l);
            }
        }
        p.into_vec()
    }

    /// Every figure with its key and provenance, in book order, for the price book panel.
    pub fn figures(&self) -> Vec<FigureInfo> {
        let mut out = Vec::new();
        self.clone().visit_figures(&mut |key, label, f| {
            out.push(match f {
                FigureMut::Dec(f, kind) => FigureInfo {
                    key,
                    label,
                    kind,
                    value: f.value.to_string(),
                    source: f.source.clone(),
                    verified: f.verified,
                    overridden: f.overridden,
                },
                FigureMut::Count(f) => FigureInfo {
                    key,
                    label,
                    kind: FigureKind::Count,
                    value: f.value.to_string(),
                    source: f.source.clone(),
                    verified: f.verified,
                    overridden: f.overridden,
                },
            });
        });
        out
    }

    /// Replaces one figure's value for this quote and marks it overridden. The value is
    /// checked for its kind (a price is a non-negative decimal, a rate lies in 0..=1,
    /// a count is a whole number); the message says what is wrong.
    pub fn set_figure(&mut self, key: &str, value: &str) -> Result<(), String> {
        let mut result = Err(format!("the price book has no figure \"{key}\""));
        let value = value.trim();
        self.visit_figures(&mut |k, _, f| {
            if k != key {
                return;
            }
            result = match f {
                FigureMut::Dec(f, kind) => parse_figure_value(value, kind).map(|v| {
                    f.value = v;
                    f.overridden = true;
                }),
                FigureMut::Count(f) => crate::input::parse_count(value).map(|v| {
                    f.value = v;
                    f.overridden = true;
                }),
            };
        });
        result
    }

    fn visit_figures(&mut self, visit: &mut dyn FnMut(String, String, FigureMut<'_>)) {
        fn bands(
            prefix: &str,
            name: &str,
            bands: &mut [Band],
            visit: &mut dyn FnMut(String, String, FigureMut<'_>),
        ) {
            let froms: Vec<u32> = bands.iter().map(|b| b.from).collect();
            for (i, b) in bands.iter_mut().enumerate() {
                let range = match froms.get(i + 1) {
                    Some(next) => format!("{}-{}", b.from, next.saturating_sub(1)),
                    None => format!("{}+", b.from),
                };
                visit(
                    format!("{prefix}mosp_bands.{}.discount", i + 1),
                    format!("{name}MOSP band {} ({range} units) discount", i + 1),
                    FigureMut::Dec(&mut b.discount, FigureKind::Rate),
                );
            }
        }
        fn levels(
            prefix: &str,
            name: &str,
            levels: &mut [Level],
            visit: &mut dyn FnMut(String, String, FigureMut<'_>),
        ) {
            for l in levels.iter_mut() {
                visit(
                    format!("{prefix}ea_levels.{}.discount", l.name),
                    format!(
                        "{name}EA level {} (from {} qualified) discount",
                        l.name, l.from
                    ),
                    FigureMut::Dec(&mut l.discount, FigureKind::Rate),
                );
            }
        }
        for s in &mut self.services {
            let p = format!("services.{}.", s.id);
            let n = &s.name;
            visit(
                format!("{p}list_price"),
                format!("{n}, list price {}", s.unit.label()),
                FigureMut::Dec(&mut s.list_price, FigureKind::Price),
            );
            visit(
                format!("{p}minimum"),
                format!("{n}, minimum quantity"),
                FigureMut::Count(&mut s.minimum),
            );
            if let Some(f) = &mut s.step_up_price {
                visit(
                    format!("{p}step_up_price"),
                    format!("{n}, Step-Up price"),
                    FigureMut::Dec(f, FigureKind::Price),
                );
            }
            if let Some(f) = &mut s.sa_credit {
                visit(
                    format!("{p}sa_credit"),
                    format!("{n}, Client SA credit per device"),
                    FigureMut::Dec(f, FigureKind::Price),
                );
            }
            let name = format!("{n}: ");
            if let Some(b) = &mut s.mosp_bands {
                bands(&p, &name, b, visit);
            }
            if let Some(l) = &mut s.ea_levels {
                levels(&p, &name, l, visit);
            }
        }
        bands("", "", &mut self.mosp_bands, visit);
        levels("", "", &mut self.ea_levels, visit);
        visit(
            "por.transaction_rate".into(),
            "POR transaction fee rate".into(),
            FigureMut::Dec(&mut self.por.transaction_rate, FigureKind::Rate),
        );
        visit(
            "por.residual_rate".into(),
            "POR residual fee rate".into(),
            FigureMut::Dec(&mut self.por.residual_rate, FigureKind::Rate),
        );
        visit(
            "por.first_year_months".into(),
            "POR transaction fee period (months)".into(),
            FigureMut::Count(&mut self.por.first_year_months),
        );
    }
}

/// Parses an override or a typed figure value with a message a person understands.
pub fn parse_figure_value(value: &str, kind: FigureKind) -> Result<Decimal, String> {
    let v = crate::input::parse_decimal(value)?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err("must not be negative".into());
    }
    if kind == FigureKind::Rate && v > Decimal::ONE {
        return Err("a rate is a fraction between 0 and 1 (0.12 is 12%)".into());
    }
    Ok(v)
}

fn check_figure(p: &mut Problems, at: &str, f: &Figure, kind: FigureKind) {
    if let Err(m) = parse_figure_value(&f.value.to_string(), kind) {
        p.push(format!("{at}.value"), format!("{}: {m}", f.value), "C1");
    }
    if f.source.trim().is_empty() {
        p.push(
            format!("{at}.source"),
            "every figure needs a source (or a note saying it is unsourced)",
            "C1",
        );
    }
}

fn check_count(p: &mut Problems, at: &str, f: &CountFigure) {
    if f.source.trim().is_empty() {
        p.push(
            format!("{at}.source"),
            "every figure needs a source (or a note saying it is unsourced)",
            "C1",
        );
    }
}

fn check_bands(p: &mut Problems, at: &str, bands: &[Band]) {
    if bands.is_empty() {
        p.push(at, "at least one band is needed", "P2");
        return;
    }
    if bands[0].from != 1 {
        p.push(
            format!("{at}[0].from"),
            "the first band must start at 1 unit",
            "P2",
        );
    }
    for (i, b) in bands.iter().enumerate() {
        check_figure(
            p,
            &format!("{at}[{i}].discount"),
            &b.discount,
            FigureKind::Rate,
        );
        if i > 0 && b.from <= bands[i - 1].from {
            p.push(
                format!("{at}[{i}].from"),
                format!(
                    "bands must start at increasing quantities: {} does not follow {}",
                    b.from,
                    bands[i - 1].from
                ),
                "P2",
            );
        }
    }
}

fn check_levels(p: &mut Problems, at: &str, levels: &[Level]) {
    if levels.is_empty() {
        p.push(at, "at least one EA level is needed", "P4");
        return;
    }
    let mut names = HashSet::new();
    for (i, l) in levels.iter().enumerate() {
        check_figure(
            p,
            &format!("{at}[{i}].discount"),
            &l.discount,
            FigureKind::Rate,
        );
        if l.name.trim().is_empty() || l.name.contains('.') {
            p.push(
                format!("{at}[{i}].name"),
                "a level needs a short name without dots, such as A",
                "P4",
            );
        } else if !names.insert(l.name.as_str()) {
            p.push(
                format!("{at}[{i}].name"),
                format!("the level name \"{}\" is used twice", l.name),
                "P4",
            );
        }
        if i > 0 && l.from <= levels[i - 1].from {
            p.push(
                format!("{at}[{i}].from"),
                format!(
                    "levels must start at increasing counts: {} does not follow {}",
                    l.from,
                    levels[i - 1].from
                ),
                "P4",
            );
        }
    }
}

fn is_id(s: &str) -> bool {
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
        (Some(y), Some(m), Some(d)) => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_default_book_is_valid_and_every_figure_has_provenance() {
        let book = PriceBook::default_book();
        assert_eq!(book.currency.code(), "USD");
        for f in book.figures() {
            assert!(!f.source.trim().is_empty(), "{} has no source", f.key);
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
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(
            paths.contains(&"$.services[0].list_price.value"),
            "{paths:?}"
        );
        assert!(paths.contains(&"$.mosp_bands[2].from"), "{paths:?}");
        assert!(paths.contains(&"$.services[0].components[4]"), "{paths:?}");
        // A consequence, reported too: the Step-Up price is now above the full price.
        assert!(
            paths.contains(&"$.services[0].step_up_price.value"),
            "{paths:?}"
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn c1_unknown_currency_and_bad_json_are_reported_with_a_path() {
        let json = DEFAULT_BOOK_JSON.replacen("\"USD\"", "\"XXX\"", 1);
        let problems = PriceBook::from_json(&json).unwrap_err();
        assert_eq!(problems[0].path, "$.currency");
        assert!(problems[0].message.contains("XXX"), "{problems:?}");

        let json = DEFAULT_BOOK_JSON.replacen("\"10.00\"", "10.0", 1);
        let problems = PriceBook::from_json(&json).unwrap_err();
        assert!(
            problems[0].path.ends_with("list_price.value"),
            "{problems:?}"
        );
    }

    #[test]
    fn c1_overrides_are_checked_marked_and_listed() {
        let mut book = PriceBook::default_book();
        book.set_figure("services.intune.list_price", "9.50")
            .unwrap();
        let f = book
            .figures()
            .into_iter()
            .find(|f| f.key == "services.intune.list_price")
            .unwrap();
        assert_eq!((f.value.as_str(), f.overridden), ("9.50", true));
        assert!(book
            .set_figure("services.intune.list_price", "-1")
            .unwrap_err()
            .contains("negative"));
        assert!(book
            .set_figure("por.residual_rate", "6")
            .unwrap_err()
            .contains("between 0 and 1"));
        assert!(book.set_figure("services.intune.minimum", "1.5").is_err());
        assert!(book
            .set_figure("services.nope.list_price", "1")
            .unwrap_err()
            .contains("no figure"));
        book.set_figure("ea_levels.B.discount", "0.13").unwrap();
        assert_eq!(book.ea_levels[1].discount.value.to_string(), "0.13");
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_iso_date("2011-03-23"));
        assert!(is_iso_date("2012-02-29"));
        assert!(!is_iso_date("2011-02-29"));
        assert!(!is_iso_date("2011-3-23"));
    }
}
