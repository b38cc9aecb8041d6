//! Every sentence the engine's results are told in: problems, availability, the verdict,
//! advice, forfeited fees, eligibility and "how was this computed". Nothing else words
//! a result, so offering the calculator in another language changes this module only.
//!
//! A sentence is a [`Text`]: words, and typed pieces (amounts, counts, months, rule ids)
//! that the caller renders with its own [`Fmt`]: plain decimals for the CLI
//! ([`Plain`]), `Intl.NumberFormat` and rule-id buttons in the app.

use crate::advice::Advice;
use crate::book::{FigureKey, PriceBook, Unit};
use crate::fees::{FeeKind, FeeRun, ForfeitCause, ForfeitedRun, ScopeKind};
use crate::input::InputError;
use crate::money::Currency;
use crate::pricing::{Availability, ChargeRun, PathKind, Tier, WhyNot};
use crate::problem::{
    Counted, Document, Missing, Ordered, Problem, ProblemKind, StatementRefusal, Thing,
};
use crate::quote::{
    Agreement, CalendarMonth, Condition, Eligibility, MonthRange, Quote, ServiceCategory,
};
use crate::rules::{Rule, Rules};
use crate::services::ServiceRun;
use crate::{Choice, Compared, Crossing};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// One piece of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Words(Cow<'static, str>),
    /// An amount in the result's currency.
    Money(Decimal),
    /// A unit price, every place kept (M3).
    Price(Decimal),
    Count(u64),
    /// A rate as a fraction (`0.12`), shown as a percentage.
    Percent(Decimal),
    /// A quote month (shown with its calendar month when the quote has a start, T2).
    Month(u32),
    /// Months `from..=to`.
    Months(u32, u32),
    Rule(Rule),
}

/// A sentence as pieces; see the module docs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(pub Vec<Piece>);

/// How a caller shows numbers and months.
pub trait Fmt {
    fn money(&self, amount: Decimal) -> String;
    fn price(&self, amount: Decimal) -> String;
    fn count(&self, n: u64) -> String;
    fn percent(&self, rate: Decimal) -> String;
    /// "month 7", or with a calendar "month 7 [Sep 2011]".
    fn month(&self, m: u32) -> String;
    fn months(&self, from: u32, to: u32) -> String;
}

/// Plain text for the CLI and logs: `1000.00 USD`, `12%`, `month 7 [2011-09]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plain {
    pub currency: Option<Currency>,
    pub start: Option<CalendarMonth>,
}

impl Fmt for Plain {
    fn money(&self, amount: Decimal) -> String {
        match self.currency {
            Some(c) => format!("{amount} {c}"),
            None => amount.to_string(),
        }
    }
    fn price(&self, amount: Decimal) -> String {
        amount.normalize().to_string()
    }
    fn count(&self, n: u64) -> String {
        n.to_string()
    }
    fn percent(&self, rate: Decimal) -> String {
        format!("{}%", (rate * Decimal::ONE_HUNDRED).normalize())
    }
    fn month(&self, m: u32) -> String {
        match self.start {
            Some(s) => format!("month {m} [{}]", s.plus(m - 1)),
            None => format!("month {m}"),
        }
    }
    fn months(&self, from: u32, to: u32) -> String {
        if from == to {
            return self.month(from);
        }
        match self.start {
            Some(s) => format!(
                "months {from}–{to} [{} to {}]",
                s.plus(from - 1),
                s.plus(to - 1)
            ),
            None => format!("months {from}–{to}"),
        }
    }
}

impl Text {
    pub fn new() -> Text {
        Text(Vec::new())
    }

    /// Words.
    pub fn w(mut self, s: impl Into<Cow<'static, str>>) -> Text {
        self.0.push(Piece::Words(s.into()));
        self
    }
    pub fn money(mut self, d: Decimal) -> Text {
        self.0.push(Piece::Money(d));
        self
    }
    pub fn price(mut self, d: Decimal) -> Text {
        self.0.push(Piece::Price(d));
        self
    }
    pub fn count(mut self, n: impl Into<u64>) -> Text {
        self.0.push(Piece::Count(n.into()));
        self
    }
    pub fn percent(mut self, d: Decimal) -> Text {
        self.0.push(Piece::Percent(d));
        self
    }
    pub fn month(mut self, m: u32) -> Text {
        self.0.push(Piece::Month(m));
        self
    }
    pub fn months(mut self, from: u32, to: u32) -> Text {
        self.0.push(Piece::Months(from, to));
        self
    }
    /// ` (P2, I2)`: rule ids in brackets, after a space.
    pub fn rules(mut self, rules: impl IntoIterator<Item = Rule>) -> Text {
        let mut first = true;
        for r in rules {
            self = self.w(if first { " (" } else { ", " });
            self.0.push(Piece::Rule(r));
            first = false;
        }
        if !first {
            self = self.w(")");
        }
        self
    }
    pub fn rule(self, r: Rule) -> Text {
        self.rules([r])
    }
    pub fn then(mut self, other: Text) -> Text {
        self.0.extend(other.0);
        self
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.0
    }

    pub fn render(&self, f: &dyn Fmt) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Words(s) => out.push_str(s),
                Piece::Money(d) => out.push_str(&f.money(*d)),
                Piece::Price(d) => out.push_str(&f.price(*d)),
                Piece::Count(n) => out.push_str(&f.count(*n)),
                Piece::Percent(d) => out.push_str(&f.percent(*d)),
                Piece::Month(m) => out.push_str(&f.month(*m)),
                Piece::Months(a, b) => out.push_str(&f.months(*a, *b)),
                Piece::Rule(r) => out.push_str(r.id()),
            }
        }
        out
    }

    /// With [`Plain`] and no currency or calendar.
    pub fn plain(&self) -> String {
        self.render(&Plain::default())
    }

    /// The first letter in upper case (a clause that starts a sentence), as [`capital`].
    pub fn capitalised(mut self) -> Text {
        if let Some(Piece::Words(s)) = self.0.first_mut() {
            *s = Cow::Owned(capital(s));
        }
        self
    }
}

/// `s` with its first letter in upper case, for a clause that starts a sentence.
/// ASCII only, on purpose: sentences start with the engine's own English words, and
/// Unicode's case tables, with the code around them, were 16 KB gzip of the app's wasm
/// (issue 16). A name the user typed with a non-ASCII first letter is left as typed.
pub fn capital(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

pub(crate) fn t(s: impl Into<Cow<'static, str>>) -> Text {
    Text::new().w(s)
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

// ---- names ----------------------------------------------------------------------

pub fn path_name(kind: PathKind) -> &'static str {
    match kind {
        PathKind::Mosp => "MOSP",
        PathKind::Ea => "EA",
        PathKind::Switch => "MOSP then EA",
    }
}

/// The plan's full name: "MOSP (online subscription)".
pub fn path_title(kind: PathKind) -> &'static str {
    match kind {
        PathKind::Mosp => "MOSP (online subscription)",
        PathKind::Ea => "EA (Enterprise Agreement)",
        PathKind::Switch => "MOSP, then an EA",
    }
}

pub fn unit_noun(unit: Unit, plural: bool) -> &'static str {
    match (unit, plural) {
        (Unit::User, false) => "user",
        (Unit::User, true) => "users",
        (Unit::Device, false) => "device",
        (Unit::Device, true) => "devices",
    }
}

pub fn per_unit(unit: Unit) -> &'static str {
    match unit {
        Unit::User => "per user",
        Unit::Device => "per device",
    }
}

pub fn agreement(a: Agreement) -> &'static str {
    match a {
        Agreement::None => "No agreement",
        Agreement::Ea => "Enterprise Agreement (EA)",
        Agreement::Eas => "Enterprise Agreement Subscription (EAS)",
        Agreement::GovEa => "Government EA",
        Agreement::CampusSchool => "Campus/School Agreement",
    }
}

pub fn condition(c: Condition) -> &'static str {
    match c {
        Condition::Membership => "partner network membership",
        Condition::Agreement => "partner agreement (MOSPA)",
        Condition::Assessment => "passed assessment",
    }
}

pub fn category(c: ServiceCategory) -> &'static str {
    match c {
        ServiceCategory::Customisation => "Customisation",
        ServiceCategory::MigrationIntegration => "Migration and integration",
        ServiceCategory::ManagedServices => "Managed services",
        ServiceCategory::Other => "Other",
    }
}

pub fn fee_kind(k: FeeKind) -> &'static str {
    match k {
        FeeKind::Transaction => "transaction fee",
        FeeKind::Residual => "residual fee",
    }
}

/// A figure's label in the price-book panel: "Windows Intune, list price per device".
pub fn figure_label(book: &PriceBook, key: &FigureKey) -> String {
    let service = |id: &str| book.service(id).map_or(id.to_string(), |s| s.name.clone());
    let prefix = |s: &Option<String>| {
        s.as_ref()
            .map(|id| format!("{}: ", service(id)))
            .unwrap_or_default()
    };
    match key {
        FigureKey::ListPrice(s) => {
            let unit = book.service(s).map_or("", |x| per_unit(x.unit));
            format!("{}, list price {unit}", service(s))
        }
        FigureKey::Minimum(s) => format!("{}, minimum quantity", service(s)),
        FigureKey::StepUpPrice(s) => format!("{}, Step-Up price", service(s)),
        FigureKey::SaCredit(s) => format!("{}, Client SA credit per device", service(s)),
        FigureKey::Band { service: s, band } => {
            let bands = s
                .as_ref()
                .and_then(|id| book.service(id)?.mosp_bands.as_deref())
                .unwrap_or(&book.mosp_bands);
            let range = match (bands.get(band - 1), bands.get(*band)) {
                (Some(b), Some(next)) => format!("{}-{}", b.from, next.from.saturating_sub(1)),
                (Some(b), None) => format!("{}+", b.from),
                _ => String::new(),
            };
            format!("{}MOSP band {band} ({range} units) discount", prefix(s))
        }
        FigureKey::Level { service: s, level } => {
            let levels = s
                .as_ref()
                .and_then(|id| book.service(id)?.ea_levels.as_deref())
                .unwrap_or(&book.ea_levels);
            let from = levels
                .iter()
                .find(|l| &l.name == level)
                .map_or(0, |l| l.from);
            format!(
                "{}EA level {level} (from {from} qualified) discount",
                prefix(s)
            )
        }
        FigureKey::TransactionRate => "POR transaction fee rate".into(),
        FigureKey::ResidualRate => "POR residual fee rate".into(),
        FigureKey::FirstYearMonths => "POR transaction fee period (months)".into(),
    }
}

// ---- problems -------------------------------------------------------------------

fn thing(what: Thing) -> &'static str {
    match what {
        Thing::Service => "service",
        Thing::Level => "level name",
        Thing::Transaction => "transaction",
        Thing::Partner => "partner",
        Thing::ServiceLine => "service line",
        Thing::Figure => "figure",
    }
}

/// Why a typed value is refused, as a clause after its field's label:
/// "must not be negative", "\"abc\" is not a number".
pub fn input_error(e: &InputError) -> Text {
    match e {
        InputError::Empty => t("enter a number"),
        InputError::NotANumber { text } => t(format!("{} is not a number", quoted(text))),
        InputError::Negative => t("must not be negative"),
        InputError::Fraction => t("must be a whole number, without a fraction"),
        InputError::TooLarge => t("is too large to compute with exactly"),
        InputError::RateAboveOne => t("a rate is a fraction between 0 and 1 (0.12 is 12%)"),
    }
}

/// A labelled field's message, as shown under it: "Quantity (users) must not be
/// negative (rule P3)." or "Quantity (users): \"abc\" is not a number (rule P3).".
pub fn field_message(label: &str, clause: Text, rule: Option<Rule>) -> Text {
    let starts_predicate = matches!(clause.0.first(), Some(Piece::Words(w)) if w.starts_with("must ") || w.starts_with("is "));
    let mut text = if label.is_empty() {
        clause.capitalised()
    } else if starts_predicate {
        t(format!("{label} ")).then(clause)
    } else {
        t(format!("{label}: ")).then(clause)
    };
    if let Some(r) = rule {
        text = text.w(" (rule ").then(Text(vec![Piece::Rule(r)])).w(")");
    }
    text.w(".")
}

fn missing(what: Missing) -> &'static str {
    match what {
        Missing::BookId => "the price book needs an id",
        Missing::BookVersion => "the price book needs a version",
        Missing::ServiceName => "the service needs a name",
        Missing::TransactionId => "the transaction needs an id",
        Missing::PartnerId => "the partner needs an id",
        Missing::ServiceLineId => "the service line needs an id",
        Missing::Source => "every figure needs a source (or a note saying it is unsourced)",
    }
}

fn ordered(what: Ordered) -> &'static str {
    match what {
        Ordered::Bands => "bands must start at increasing quantities",
        Ordered::Levels => "levels must start at increasing counts",
        Ordered::PorChanges => "changes must be in month order without two in one month",
        Ordered::QuantityChanges => {
            "quantity changes must be in month order without two in one month"
        }
        Ordered::TrueUps => "true-ups must be in EA-year order without two in one year",
    }
}

fn unsupported_format(document: Document, found: u32, supported: u32) -> Text {
    let what = match document {
        Document::Quote => "quote",
        Document::PriceBook => "price book",
    };
    t(format!("this is {what} format {found}; this calculator reads {what} formats up to {supported}: it was made by a newer version"))
}

fn exceeds_quantity(what: Counted, count: u32, quantity: u32) -> Text {
    t(match what {
        Counted::StepUp => format!("Step-Up units ({count}) cannot exceed the quantity ({quantity})"),
        Counted::Covered => format!("SA-covered devices ({count}) cannot exceed the devices in the transaction ({quantity})"),
        Counted::StepUpAndCovered => "Step-Up units and SA-covered devices together cannot exceed the quantity".into(),
    })
}

/// The book's own problem, worded in full with its path and rule: the caller adds only
/// the overrides' own.
fn book_invalid_with_overrides(inner: &Problem) -> Text {
    t(format!(
        "with these overrides the price book is invalid: {}: ",
        inner.path
    ))
    .then(problem(inner))
    .then(match inner.rule {
        Some(r) => Text::new().rule(r),
        None => Text::new(),
    })
}

fn no_por_months(transaction: &str, months: &[(u32, u32)]) -> Text {
    let mut text = t("no Partner of Record in ");
    for (i, (a, b)) in months.iter().enumerate() {
        text = if i == 0 {
            text.months(*a, *b)
        } else {
            text.w(", ").months(*a, *b)
        };
    }
    text.w(format!(
        ": the fees of transaction {transaction} in those months go to nobody"
    ))
}

/// Why a fee statement is refused whole, after "cannot be used: " (R2).
fn statement_refusal(r: &StatementRefusal) -> Text {
    let columns = crate::statement::COLUMNS.join(", ");
    t(match r {
        StatementRefusal::NotCsv { detail } => format!("it cannot be read as CSV: {detail}"),
        StatementRefusal::MissingColumn { column } => {
            format!(
                "it has no {} column: its header line must name {columns}",
                quoted(column)
            )
        }
        StatementRefusal::UnknownColumn { column } => format!(
            "it has an unknown column {}: its header line must name {columns}",
            quoted(column)
        ),
    })
}

/// Amounts beyond what a decimal holds (M1).
const TOO_LARGE: &str = "the amounts are too large to compute exactly (more than 28 digits): check the quantities and prices";

/// What a problem says, without where or which rule (the caller adds those).
pub fn problem(p: &Problem) -> Text {
    use ProblemKind as K;
    match &p.kind {
        K::Json { detail } => t(format!("the JSON is not valid here: {detail}")),
        K::Statement { refusal } => t("the fee statement cannot be used: ").then(statement_refusal(refusal)).rule(Rule::R2),
        K::NotUtf8 => t("the file is not UTF-8 text"),
        K::TrailingData => t("there is more after the end of the JSON value: remove it"),
        K::DocumentTooLarge { bytes, limit } => t(format!("the document is {bytes} bytes, more than the {limit} accepted; its longest value is here")),
        K::TooLong { length, limit } => t(format!("is {length} characters long; at most {limit} are accepted")),
        K::TooMany { count, limit } => t(format!("has {count} entries; at most {limit} are accepted")),
        K::UnsupportedFormat { document, found, supported } => unsupported_format(*document, *found, *supported),
        K::Missing { what } => t(missing(*what)),
        K::BadId { id } => t(format!("{} is not a valid id: use lower-case letters, digits and hyphens", quoted(id))),
        K::Duplicate { what, id } => t(format!("the {} {} is used twice", thing(*what), quoted(id))),
        K::Unknown { what: Thing::Service, id } => t(format!("unknown service {}: the price book has no such service", quoted(id))),
        K::Unknown { what: Thing::Transaction, id } => t(format!("the quote has no transaction {}", quoted(id))),
        K::Unknown { what: Thing::Partner, id } => t(format!("unknown partner {}: add the partner first", quoted(id))),
        K::Unknown { what: Thing::Figure, id } => t(format!("the price book has no figure {}", quoted(id))),
        K::Unknown { what, id } => t(format!("unknown {} {}", thing(*what), quoted(id))),
        K::BadDate { text } => t(format!("{} is not a date in the form YYYY-MM-DD", quoted(text))),
        K::BadCalendarMonth { text } => t(format!("{} is not a month in the form YYYY-MM", quoted(text))),
        K::UnknownCurrency { text } => t(format!("unknown currency code {}: use an ISO 4217 code such as USD, EUR, GBP or JPY", quoted(text))),
        K::BadValue { value, error } => t(format!("{value}: ")).then(input_error(error)),
        K::NoBands => t("at least one band is needed"),
        K::FirstBandNotOne => t("the first band must start at 1 unit"),
        K::NoLevels => t("at least one EA level is needed"),
        K::BadLevelName => t("a level needs a short name without dots, such as A"),
        K::NotIncreasing { what, value, previous } => t(format!("{}: {value} does not follow {previous}", ordered(*what))),
        K::FirstYearZero => t("the first year must last at least 1 month"),
        K::NoServices => t("the price book has no services"),
        K::StepUpAboveFull => t("the Step-Up price is above the full price"),
        K::SuiteContainsItself => t("a suite cannot contain itself"),
        K::ComponentIsSuite { id } => t(format!("{} is itself a suite: suites list single services", quoted(id))),
        K::ComponentUnit { id } => t(format!("{} is licensed per a different unit than the suite", quoted(id))),
        K::RequiresItself => t("a service cannot require itself"),
        K::HorizonOutOfRange { max } => t(format!("the horizon must be 1 to {max} months")),
        K::MonthOutOfRange { month, first: 1, last } => t(format!("must be within the horizon, 1 to {last} (it is {month})")),
        K::MonthOutOfRange { month, first, last } if first > last => t(format!("month {month} cannot be used here: nothing from {first} is within the horizon ({last})")),
        K::MonthOutOfRange { month, first, last } => t(format!("must be from {first} to {last} (it is {month})")),
        K::MonthZero => t("months start at 1"),
        K::EndBeforeStart { end, start } => t(format!("the end month {end} is before the start month {start}")),
        K::NoStepUpPrice { service } => t(format!("{service} has no Step-Up price in the price book")),
        K::NoSaCredit { service } => t(format!("{service} has no Client SA credit in the price book")),
        K::ExceedsQuantity { what, count, quantity, .. } => exceeds_quantity(*what, *count, *quantity),
        K::BelowMinimum { service, minimum, device, month, has } => {
            let unit = if *device { "device" } else { "user" };
            t(format!("{service} needs at least {minimum} {unit}s in a month; ")).month(*month).w(format!(" has {has}"))
        }
        K::AddOnWithoutBase { service, base, month } => t(format!("{service} is sold only with {base}, and ")).month(*month).w(" has none"),
        K::AddOnExceedsBase { service, base, month, has, base_has } => {
            t(format!("{service} cannot cover more devices than {base} has: ")).month(*month).w(format!(" has {has} against {base_has}"))
        }
        K::DuplicateScope => t("this service or transaction already has a POR assignment: put all its changes in one"),
        K::NoPorChanges => t("a POR assignment needs at least one change (the first POR and its month)"),
        K::BadOverride { figure, error } => t(format!("{figure}: ")).then(input_error(error)),
        K::BookInvalidWithOverrides { problem: inner } => book_invalid_with_overrides(inner),
        K::NegativeAmount => t("must not be negative"),
        K::TooLargeToCompute => t(TOO_LARGE),
        K::OtherPriceBook { made_with, priced_with } => t(format!("the quote was made with price book {made_with}; it is priced here with {priced_with}")),
        K::NoPorMonths { transaction, months } => no_por_months(transaction, months),
    }
}

/// A problem as one line for logs and the CLI: "$.transactions[0].quantity: … (P3)".
pub fn problem_line(p: &Problem) -> String {
    let text = problem(p).then(match p.rule {
        Some(r) => Text::new().rule(r),
        None => Text::new(),
    });
    format!("{}: {}", p.path, text.plain())
}

// ---- plans and the verdict -------------------------------------------------------

/// P4: why a plan with an EA is a what-if, and at which level it is priced.
pub fn availability(a: &Availability, what_if_level: &str) -> Text {
    let Availability::WhatIf { reasons } = a else {
        return Text::new();
    };
    let mut text = Text::new();
    for (i, r) in reasons.iter().enumerate() {
        let clause = match r {
            WhyNot::NoAgreement => t("the customer has no Enterprise or Campus/School Agreement"),
            WhyNot::BelowFirstLevel { ea_year: 1, qualified, needed } => {
                t(format!("an EA needs at least {needed} qualified users or devices and the customer has {qualified}"))
            }
            WhyNot::BelowFirstLevel { ea_year, qualified, needed } => {
                t(format!("an EA needs at least {needed} qualified users or devices and EA year {ea_year} has {qualified}"))
            }
        };
        text = if i == 0 {
            text.then(clause.capitalised())
        } else {
            text.w("; ").then(clause)
        };
    }
    text.w(format!(
        ". What-if: priced as if the customer bought through an EA at level {what_if_level}"
    ))
    .rule(Rule::P4)
    .w(".")
}

/// The verdict for one period, honest about what the customer can buy (P4, P6):
/// "EA is cheaper", "MOSP is your option; an EA needs 250 qualified users or devices".
/// `ea` is the EA plan's availability, which says what an EA would need.
pub fn verdict(c: &Compared, ea: &Availability) -> Text {
    let Choice {
        path,
        tie,
        only_option,
    } = c.cheaper_available;
    if only_option {
        let reasons = match ea {
            Availability::WhatIf { reasons } => reasons.as_slice(),
            Availability::Available => &[],
        };
        let agreement = reasons.contains(&WhyNot::NoAgreement);
        let needed = reasons.iter().find_map(|r| match r {
            WhyNot::BelowFirstLevel { needed, .. } => Some(*needed),
            WhyNot::NoAgreement => None,
        });
        let needs = match (agreement, needed) {
            (true, Some(n)) => format!("an agreement and {n} qualified users or devices"),
            (true, None) => "an Enterprise or Campus/School Agreement".to_string(),
            (false, Some(n)) => format!("{n} qualified users or devices"),
            (false, None) => "an agreement".to_string(),
        };
        return t(format!(
            "{} is your option; an EA needs {needs}",
            path_name(path)
        ));
    }
    if tie {
        return t("both cost the same");
    }
    t(format!("{} is cheaper", path_name(path)))
}

/// The verdict with what choosing well saves over the period: "EA is cheaper: 17128.80
/// less than MOSP". Against the most expensive plan the customer can buy.
pub fn verdict_saving(c: &Compared, ea: &Availability) -> Text {
    let text = verdict(c, ea);
    let Choice {
        path,
        tie,
        only_option,
    } = c.cheaper_available;
    if tie || only_option {
        return text;
    }
    let value = |k: PathKind| match k {
        PathKind::Mosp => Some(c.mosp),
        PathKind::Ea => Some(c.ea),
        PathKind::Switch => c.switch,
    };
    let ea_ok = matches!(ea, Availability::Available);
    let others = [PathKind::Mosp, PathKind::Ea, PathKind::Switch]
        .into_iter()
        .filter(|&k| k != path && (k != PathKind::Ea || ea_ok));
    match (
        value(path),
        others
            .filter_map(|k| Some((k, value(k)?)))
            .max_by_key(|x| x.1),
    ) {
        (Some(best), Some((other, worst))) if worst > best => text
            .w(": ")
            .money(worst - best)
            .w(format!(" less than {}", path_name(other))),
        _ => text,
    }
}

/// T6: where two plans' cumulative costs cross.
pub fn crossing(c: &Crossing) -> Text {
    t(format!(
        "{} becomes cheaper than {} over time from ",
        path_name(c.cheaper_from),
        path_name(if c.cheaper_from == c.first {
            c.second
        } else {
            c.first
        })
    ))
    .month(c.month)
    .rule(Rule::T6)
}

// ---- advice, fees, eligibility ---------------------------------------------------

pub fn advice(a: &Advice) -> Text {
    match a {
        Advice::Suite {
            path,
            suite_name,
            users,
            from_month,
            to_month,
            current_monthly,
            suite_monthly,
            monthly_saving,
            rules,
            ..
        } => t(format!("On {}, ", path_name(*path)))
            .count(*users)
            .w(format!(
                " users take every component of {suite_name} separately ("
            ))
            .months(*from_month, *to_month)
            .w("): the suite would cost ")
            .money(*suite_monthly)
            .w(" instead of ")
            .money(*current_monthly)
            .w(" a month, ")
            .money(*monthly_saving)
            .w(" a month less")
            .rules(rules.iter())
            .w("."),
        Advice::VolumeCliff {
            service_name,
            device,
            from_month,
            to_month,
            quantity,
            suggested_quantity,
            current_monthly,
            suggested_monthly,
            monthly_saving,
            rules,
            ..
        } => {
            let unit = if *device { " devices" } else { " users" };
            t("On MOSP, ")
                .count(*quantity)
                .w(format!("{unit} of {service_name} cost "))
                .money(*current_monthly)
                .w(" a month (")
                .months(*from_month, *to_month)
                .w("); ")
                .count(*suggested_quantity)
                .w(format!("{unit} would cost "))
                .money(*suggested_monthly)
                .w(", ")
                .money(*monthly_saving)
                .w(" a month less, because the volume discount applies to every unit")
                .rules(rules.iter())
                .w(".")
        }
    }
}

/// "Saves $990.00 over months 1–36".
pub fn advice_saving(a: &Advice) -> Text {
    let (saving, from, to) = match a {
        Advice::Suite {
            total_saving,
            from_month,
            to_month,
            ..
        }
        | Advice::VolumeCliff {
            total_saving,
            from_month,
            to_month,
            ..
        } => (*total_saving, *from_month, *to_month),
    };
    t("Saves ").money(saving).w(" over ").months(from, to)
}

/// Why fees in a run of months go to nobody (F2, F6).
pub fn forfeit(f: &ForfeitedRun, quote: &Quote) -> Text {
    match (f.cause, &f.partner) {
        (ForfeitCause::NotEligible, Some(p)) => {
            let name = quote
                .partner(p)
                .map_or(p.to_string(), |x| x.display_name().to_string());
            let lacks: Vec<&str> = f.missing.iter().map(condition).collect();
            t(format!("partner {name} is not eligible in "))
                .months(f.from_month, f.to_month)
                .w(format!(": no {}", lacks.join(", no ")))
        }
        _ if f.kind == FeeKind::Transaction => t(format!(
            "no Partner of Record when transaction {} started",
            f.transaction
        )),
        _ => t(format!(
            "no Partner of Record for transaction {} in ",
            f.transaction
        ))
        .months(f.from_month, f.to_month),
    }
}

fn ranges(what: &str, list: &[MonthRange]) -> Text {
    if list.is_empty() {
        return t(format!("no {what}"));
    }
    let mut text = t(format!("{what} "));
    for (i, r) in list.iter().enumerate() {
        if i > 0 {
            text = text.w(", ");
        }
        text = match r.to_month {
            None => text.w("from ").month(r.from_month),
            Some(to) => text.months(r.from_month, to),
        };
    }
    text
}

/// F2 in words: "partner network membership from month 1; partner agreement (MOSPA)
/// months 1–24; assessment passed from month 3".
pub fn eligibility(e: &Eligibility) -> Text {
    ranges("partner network membership", &e.membership)
        .w("; ")
        .then(ranges("partner agreement (MOSPA)", &e.agreement))
        .w("; ")
        .then(if e.assessment.is_empty() {
            t("assessment not passed")
        } else {
            ranges("assessment passed", &e.assessment)
        })
}

// ---- how was this computed --------------------------------------------------------

/// One charge run as a line a person can check with a calculator.
pub fn charge_run(r: &ChargeRun) -> Text {
    let tier = match &r.tier {
        Tier::Band { band, units, .. } => t(format!("MOSP band {band} for "))
            .count(*units)
            .w(" units of this service in the month")
            .rule(Rule::P2),
        Tier::Level {
            level,
            ea_year,
            qualified,
            ..
        } if *ea_year > 1 => t(format!("EA level {level} (EA year {ea_year}: "))
            .count(u64::from(*qualified))
            .w(" qualified)")
            .rules([Rule::P4, Rule::T5]),
        Tier::Level { level, .. } => t(format!("EA level {level}")).rule(Rule::P4),
    };
    let full = r.quantity - r.step_up_units - r.sa_covered;
    let mut parts = Text::new().count(full).w(" x ").price(r.unit_price);
    if let (Some(s), true) = (r.step_up_unit_price, r.step_up_units > 0) {
        parts = parts
            .w(" + ")
            .count(r.step_up_units)
            .w(" Step-Up x ")
            .price(s)
            .rule(Rule::P5);
    }
    if let (Some(c), true) = (r.credited_unit_price, r.sa_covered > 0) {
        parts = parts
            .w(" + ")
            .count(r.sa_covered)
            .w(" SA-covered x ")
            .price(c)
            .rule(Rule::I3);
    }
    t("list ")
        .price(r.list_price)
        .w(" less ")
        .percent(r.discount)
        .w(" ")
        .then(tier)
        .w(" = ")
        .price(r.unit_price)
        .w(" per unit; round(")
        .then(parts)
        .w(") = ")
        .money(r.amount)
        .rules([Rule::M2, Rule::M3])
}

/// One fee run: its kind and POR, and the rounding of each month's row.
pub fn fee_run(r: &FeeRun) -> Text {
    let (what, rule) = match r.kind {
        FeeKind::Transaction => (
            "transaction fee: POR when the transaction started, for its first year",
            Rule::F3,
        ),
        FeeKind::Residual => ("residual fee: POR in this month", Rule::F4),
    };
    let scope = match r.por.scope {
        ScopeKind::Service => "service",
        ScopeKind::Transaction => "transaction",
    };
    t(format!("{what} ("))
        .then(Text(vec![Piece::Rule(rule)]))
        .w(format!(", {scope} assignment of {} from ", r.por.id))
        .month(r.por.from_month)
        .w(", ")
        .then(Text(vec![Piece::Rule(Rule::F6)]))
        .w("): round(")
        .price(r.rate)
        .w(" x ")
        .money(r.charge)
        .w(") = ")
        .money(r.amount)
        .rule(Rule::M4)
}

/// One partner service run: S2's rounding.
pub fn service_run(r: &ServiceRun) -> Text {
    t("round(")
        .price(r.price)
        .w(" x ")
        .count(r.units)
        .w(") = ")
        .money(r.amount)
        .rules([Rule::S2, Rule::M2])
}

/// The rules of a set, as "Rules: C1, M3, P2." pieces.
pub fn rule_list(label: &'static str, rules: Rules) -> Text {
    let mut text = t(label);
    for (i, r) in rules.iter().enumerate() {
        if i > 0 {
            text = text.w(", ");
        }
        text.0.push(Piece::Rule(r));
    }
    text.w(".")
}

/// Where a JSON path points, in words, for a list of problems: "Transaction t2,
/// quantity", "Partner Northwind IT, eligibility agreement 1 to month".
pub fn place(q: &Quote, path: &crate::JsonPath) -> String {
    use crate::path::Part::{Index as I, Key as K};
    let words = |parts: &[crate::path::Part]| {
        parts
            .iter()
            .map(|p| match p {
                K(k) => k.replace('_', " "),
                I(i) => (i + 1).to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let parts = path.parts();
    let (head, rest) = match parts.as_slice() {
        [K("transactions"), I(i), rest @ ..] => (
            format!(
                "Transaction {}",
                q.transactions
                    .get(*i)
                    .map_or_else(|| (i + 1).to_string(), |t| t.id.clone())
            ),
            rest,
        ),
        [K("partners"), I(i), rest @ ..] => (
            format!(
                "Partner {}",
                q.partners
                    .get(*i)
                    .map_or_else(|| (i + 1).to_string(), |p| p.display_name().to_string())
            ),
            rest,
        ),
        [K("por"), I(i), rest @ ..] => (format!("Partner of Record assignment {}", i + 1), rest),
        [K("services"), I(i), rest @ ..] => (
            format!(
                "Service line {}",
                q.services
                    .get(*i)
                    .map_or_else(|| (i + 1).to_string(), |s| s.id.clone())
            ),
            rest,
        ),
        [K("overrides"), I(i), ..] => {
            return q
                .overrides
                .get(*i)
                .map_or("Price book override".into(), |o| {
                    format!("Price book figure {}", o.figure)
                })
        }
        [K("customer"), K("qualified")] => return "Qualified users or devices".into(),
        [K("customer"), K("cancel_month")] => return "Cancellation month".into(),
        [K("horizon_months")] => return "Horizon".into(),
        [K("switch_month")] => return "Switch to an EA".into(),
        [K("overrides")] => return "Price book overrides".into(),
        [K("price_book"), ..] => return "Price book".into(),
        [] => return "Quote".into(),
        rest => (String::new(), rest),
    };
    match (head.is_empty(), rest.is_empty()) {
        (true, _) => crate::describe::t(words(rest)).capitalised().plain(),
        (false, true) => head,
        (false, false) => format!("{head}, {}", words(rest)),
    }
}

/// A term of the trade the app explains in plain words where it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    Mosp,
    Ea,
    Qualified,
    StepUp,
    SaCredit,
    Por,
    WhatIf,
}

impl Term {
    pub const ALL: [Term; 7] = [
        Term::Mosp,
        Term::Ea,
        Term::Qualified,
        Term::StepUp,
        Term::SaCredit,
        Term::Por,
        Term::WhatIf,
    ];
}

/// A term's name and its meaning in a sentence or two: the glossary.
pub fn glossary(term: Term) -> (&'static str, &'static str) {
    match term {
        Term::Mosp => ("MOSP", "The Microsoft Online Subscription Program: buying online services month by month on Microsoft's customer portal, with no agreement needed and a volume discount per service."),
        Term::Ea => ("EA", "An Enterprise Agreement (or EAS, Government EA, Campus/School Agreement): an organisation's volume licensing agreement. Online services bought through it cost its price level's price."),
        Term::Qualified => ("Qualified users or devices", "The users or devices an Enterprise Agreement counts. 250 or more are needed for an EA; more gives a lower price level (2,400, 6,000, 15,000)."),
        Term::StepUp => ("Step-Up", "On an EA, users already licensed on premises with active Software Assurance pay a lower Step-Up price for the online service."),
        Term::SaCredit => ("Client SA credit", "A monthly credit off Windows Intune for each PC covered by Windows Client Software Assurance, on both ways to buy."),
        Term::Por => ("Partner of Record", "The partner a customer names for a service. On MOSP it earns fees from Microsoft on what the customer pays: 12% in a purchase's first year and 6% every month."),
        Term::WhatIf => ("What-if", "Figures for a way to buy the customer cannot use today (no agreement, or too few qualified users or devices), shown only to compare."),
    }
}

/// Why a share link did not open.
pub fn link_error(e: &crate::link::LinkError) -> Text {
    use crate::link::LinkError as E;
    match e {
        E::Missing => t("the link holds no quote: it should end with #q= and the quote"),
        E::UnknownVersion { version } => t(format!("the link is of a kind this calculator does not know (version {version}): it may come from a newer version")),
        E::Corrupt => t("the link is damaged or incomplete: copy it again from where it was shared"),
        E::TooLarge { length, limit } => t(format!("the link is {length} characters long; at most {limit} are accepted")),
        E::Book(problems) => t("the price book in the link is not valid: ").w(problems.iter().map(problem_line).collect::<Vec<_>>().join("; ")),
    }
}

/// Why a saved quote did not open.
pub fn store_error(e: &crate::store::StoreError) -> Text {
    use crate::store::StoreError as E;
    match e {
        E::Corrupt => t("this saved entry is damaged and cannot be opened; the other saved quotes are not affected"),
        E::Newer { version } => t(format!("this saved quote was made by a newer version of the calculator (entry version {version}); it is left as it is")),
        E::Invalid(problems) => t("this saved quote cannot be read: ").w(problems.iter().map(problem_line).collect::<Vec<_>>().join("; ")),
    }
}

/// One plan's horizon totals of two saved quotes and the second minus the first:
/// "MOSP horizon total: “A” $1,000.00, “B” $1,500.00, difference $500.00".
pub fn compared_total(
    kind: PathKind,
    first: &str,
    second: &str,
    d: &crate::store::Difference,
) -> Text {
    t(format!("{} horizon total: “{first}” ", path_name(kind)))
        .money(d.first)
        .w(format!(", “{second}” "))
        .money(d.second)
        .w(", difference ")
        .money(d.difference)
}

/// Why two saved quotes are not compared.
pub fn compare_error(e: &crate::store::CompareError) -> Text {
    use crate::store::CompareError as E;
    match e {
        E::Currencies { first, second } => t(format!(
            "the two quotes are priced in different currencies, {first} and {second}, so their figures cannot be compared"
        ))
        .rule(Rule::M1),
        E::TooLarge => t(TOO_LARGE).rule(Rule::M1),
    }
}

/// What changed in one figure between two editions of a price book: "4.50, now
/// verified; source: …".
pub fn figure_change(book: &PriceBook, c: &crate::history::FigureChange) -> Text {
    let label = figure_label(book, &c.key);
    match (&c.before, &c.after) {
        (Some(b), Some(a)) => {
            let mut parts = Vec::new();
            if b.value != a.value {
                parts.push(format!("value {} → {}", b.value, a.value));
            } else {
                parts.push(format!("value {} unchanged", a.value));
            }
            if b.verified != a.verified {
                parts.push(if a.verified {
                    "now verified".to_string()
                } else {
                    "no longer verified".to_string()
                });
            }
            if b.source != a.source {
                parts.push(format!("source now: {}", a.source));
            }
            t(format!("{label}: {}", parts.join("; ")))
        }
        (None, Some(a)) => t(format!("{label}: new, {} ({})", a.value, a.source)),
        (Some(b), None) => t(format!("{label}: no longer in the book (was {})", b.value)),
        (None, None) => t(label),
    }
}

/// What a quote made with an earlier edition of the price book is told when it opens.
pub fn book_news(
    id: &str,
    from: &str,
    to: &str,
    changes: &[crate::history::FigureChange],
    kept_earlier: bool,
) -> Text {
    let values = changes.iter().filter(|c| c.value_changed()).count();
    let head = format!("This quote was made with price book {id} version {from}; the calculator's is version {to}. ");
    let body = if kept_earlier {
        format!("{values} values changed, so the quote stays priced with its own version {from} and keeps its figures. What changed:")
    } else {
        format!("No value changed, so its figures are the same; it is now priced with version {to}. {} figures have new sources or are now verified:", changes.len())
    };
    t(head + &body).rule(Rule::C1)
}

/// One item of a portfolio's attention list (V2), after the customer's name.
pub fn attention(a: &crate::portfolio::Attention) -> Text {
    use crate::portfolio::Attention as A;
    match a {
        A::Forfeited {
            transaction,
            kind,
            cause,
            partner,
            months,
            monthly,
        } => {
            let why = match (cause, partner) {
                (ForfeitCause::NotEligible, Some(p)) => format!("partner {p} is not eligible"),
                _ => "there is no Partner of Record".to_string(),
            };
            t(format!(
                "the {} of transaction {transaction} goes to nobody for {months} month{} (",
                fee_kind(*kind),
                if *months == 1 { "" } else { "s" }
            ))
            .money(*monthly)
            .w(format!(" a month): {why}"))
            .rules([Rule::F2, Rule::F6])
        }
        A::FirstYearEnds {
            transaction,
            partner,
        } => t(format!(
            "the first year of transaction {transaction} ends: {}'s fee falls from 18% to 6%",
            partner.as_deref().unwrap_or("the partner")
        ))
        .rules([Rule::F3, Rule::F5]),
        A::ConditionEnds {
            partner,
            condition: c,
        } => t(format!("{}'s {} ends", partner, condition(*c))).rules([Rule::F2, Rule::T4]),
        A::VolumeCliff {
            service,
            quantity,
            suggested,
            monthly_saving,
        } => t(format!(
            "{quantity} units of {service}: {suggested} would cost "
        ))
        .money(*monthly_saving)
        .w(" a month less")
        .rule(Rule::P2),
    }
}

/// Why a quote was left out of a portfolio (V1).
pub fn refused(r: &crate::portfolio::Refused) -> Text {
    use crate::portfolio::Refused as R;
    match r {
        R::Currency { name, currency } => t(format!("{name} is priced in {currency}, not in the portfolio's currency: left out")).rule(Rule::V1),
        R::NoStart { name } => t(format!("{name} has no calendar start month, so it cannot be lined up with the others: open it and set when month 1 is")).rule(Rule::T2),
        R::Invalid { name, problems } => t(format!("{name} cannot be priced: {}", problems.iter().map(problem_line).collect::<Vec<_>>().join("; "))),
        R::TooMany { name, limit } => t(format!("{name} is left out: a portfolio holds at most {limit} quotes")).rule(Rule::V1),
    }
}

/// Why a statement line could not be reconciled (R2).
pub fn bad_line(b: &crate::statement::BadLine) -> Text {
    use crate::statement::BadReason as B;
    let why = match &b.reason {
        B::Columns { found, expected } => format!("it has {found} fields, not {expected}"),
        B::Empty { column } => format!("its {column} is empty"),
        B::Month { text } => format!("\"{text}\" is not a month in the form YYYY-MM"),
        B::FeeType { text } => format!("\"{text}\" is not a fee type: use transaction or residual"),
        B::Amount { text } => format!("\"{text}\" is not an amount: write it with a point and at most the currency's places, as 136.80, of at most a trillion"),
        B::Currency { found, expected } => format!("it is in {found}, not {expected}"),
        B::UnknownCustomer { name } => format!("no customer of the portfolio is called \"{name}\""),
    };
    t(format!("line {}: {why}", b.line)).rule(Rule::R2)
}

// The problem with its words: `Display` for the CLI's stderr, `Serialize` for its JSON.
// Here rather than in `problem`, so that problems (below) never import their wording (above).
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, problem(self).plain())
    }
}

/// The problem with its words, for the CLI's JSON: `{path, code, …, rule, message}`.
impl serde::Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            path: &'a crate::JsonPath,
            #[serde(flatten)]
            kind: &'a ProblemKind,
            #[serde(skip_serializing_if = "Option::is_none")]
            rule: Option<Rule>,
            message: String,
        }
        Out {
            path: &self.path,
            kind: &self.kind,
            rule: self.rule,
            message: problem(self).plain(),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capital_raises_an_ascii_first_letter_only() {
        assert_eq!(capital("the EA is cheaper"), "The EA is cheaper");
        assert_eq!(capital("EA"), "EA");
        assert_eq!(capital("3 partners"), "3 partners");
        assert_eq!(capital(""), "");
        // Not ASCII: left as typed (no case tables in the wasm), and never split.
        assert_eq!(capital("élan Ltd"), "élan Ltd");
        assert_eq!(
            t("northwind").w(" earns").capitalised().plain(),
            "Northwind earns"
        );
    }

    #[test]
    fn category_names_are_ascii_so_ascii_lowercase_is_exact() {
        for c in ServiceCategory::ALL {
            assert!(category(c).is_ascii());
            assert_eq!(category(c).to_ascii_lowercase(), category(c).to_lowercase());
        }
    }
}
