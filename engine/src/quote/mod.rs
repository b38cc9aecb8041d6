//! The quote: the one value the CLI reads, the app edits, exports, saves and puts in
//! share links. This is format 2 (`docs/formats.md`); format 1 documents are read and
//! migrated on the way in ([`v1`]), so every quote ever made still opens.

mod months;
mod price_json;
pub mod v1;

pub use crate::book::Override;
pub use months::{CalendarMonth, Segment};

use crate::path::JsonPath;
use crate::problem::{Document, Problem, ProblemKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The quote format this engine writes; it reads this one and every earlier one.
pub const QUOTE_FORMAT: u32 = 2;
/// Longest horizon a quote may have (20 years): bounds the work of one computation.
pub const MAX_HORIZON: u32 = 240;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub format: u32,
    /// The price book the quote was made with (C1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_book: Option<BookRef>,
    /// T2: the calendar month that is month 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<CalendarMonth>,
    pub customer: Customer,
    /// T1: whole billing months; month 1 is the quote's first month.
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    /// T6: the plan "MOSP, then EA from this month", priced beside MOSP and EA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch_month: Option<u32>,
    #[serde(default)]
    pub transactions: Vec<Transaction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Partner>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub por: Vec<PorAssignment>,
    /// S1: the partners' own service lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceLine>,
    /// C1: this quote's replacements for price book figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

fn default_horizon() -> u32 {
    36
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    #[default]
    None,
    Ea,
    Eas,
    GovEa,
    CampusSchool,
}

impl Agreement {
    pub const ALL: [Agreement; 5] = [
        Agreement::None,
        Agreement::Ea,
        Agreement::Eas,
        Agreement::GovEa,
        Agreement::CampusSchool,
    ];

    /// The id used in JSON (`"gov_ea"`).
    pub fn id(self) -> &'static str {
        match self {
            Agreement::None => "none",
            Agreement::Ea => "ea",
            Agreement::Eas => "eas",
            Agreement::GovEa => "gov_ea",
            Agreement::CampusSchool => "campus_school",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub agreement: Agreement,
    /// P4: qualified users or devices in EA year 1, which set the EA price level.
    #[serde(default)]
    pub qualified: u32,
    /// T5: the qualified count from a later EA year on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub true_ups: Vec<TrueUp>,
    /// F8: the customer cancels at this month and pays nothing from it on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_month: Option<u32>,
}

impl Customer {
    /// F8: the customer pays (and fees accrue) only before the cancellation month.
    pub fn active(&self, month: u32) -> bool {
        self.cancel_month.is_none_or(|c| month < c)
    }

    /// T5: the qualified count in EA year `year` (1-based): the latest true-up at or
    /// before it, else year 1's.
    pub fn qualified_in(&self, year: u32) -> u32 {
        self.true_ups
            .iter()
            .filter(|t| t.ea_year <= year)
            .max_by_key(|t| t.ea_year)
            .map_or(self.qualified, |t| t.qualified)
    }
}

/// T5: from EA year `ea_year` on, `qualified` users or devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrueUp {
    pub ea_year: u32,
    pub qualified: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transaction {
    pub id: String,
    pub service: String,
    /// Units from the start month (until the first change, T3).
    pub quantity: u32,
    #[serde(default = "first_month")]
    pub start_month: u32,
    /// Last month billed (inclusive); the horizon's end when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_month: Option<u32>,
    /// P5: units covered by on-premises licences with active SA (EA path only).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub step_up_units: u32,
    /// I3: devices covered by Windows Client SA (services with a Client SA credit).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sa_covered_devices: u32,
    /// T3: later quantities, in month order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<QuantityChange>,
}

fn first_month() -> u32 {
    1
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// T3: from `from_month` on, the transaction has `quantity` units; Step-Up units and
/// SA-covered devices change with it when given, and stay as they were otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuantityChange {
    pub from_month: u32,
    pub quantity: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_up_units: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sa_covered_devices: Option<u32>,
}

impl QuantityChange {
    /// `quantity` units from `from_month`, Step-Up units and SA-covered devices as they were.
    pub fn new(from_month: u32, quantity: u32) -> QuantityChange {
        QuantityChange {
            from_month,
            quantity,
            step_up_units: None,
            sa_covered_devices: None,
        }
    }
}

impl Transaction {
    /// A transaction of `quantity` units of `service` from month 1 with no changes.
    pub fn new(id: impl Into<String>, service: impl Into<String>, quantity: u32) -> Transaction {
        Transaction {
            id: id.into(),
            service: service.into(),
            quantity,
            start_month: 1,
            end_month: None,
            step_up_units: 0,
            sa_covered_devices: 0,
            changes: Vec::new(),
        }
    }

    pub fn last_month(&self, horizon: u32) -> u32 {
        self.end_month.unwrap_or(horizon).min(horizon)
    }
}

/// Months `from_month..=to_month`; open-ended when `to_month` is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthRange {
    pub from_month: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_month: Option<u32>,
}

impl MonthRange {
    pub fn from(from_month: u32) -> MonthRange {
        MonthRange {
            from_month,
            to_month: None,
        }
    }

    pub fn contains(&self, month: u32) -> bool {
        self.from_month <= month && self.to_month.is_none_or(|t| month <= t)
    }
}

/// F2's three conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Active partner network membership.
    Membership,
    /// Accepted partner agreement (MOSPA).
    Agreement,
    /// Passed assessment.
    Assessment,
}

impl Condition {
    pub const ALL: [Condition; 3] = [
        Condition::Membership,
        Condition::Agreement,
        Condition::Assessment,
    ];
}

/// A set of F2 conditions (the ones a partner lacks in a month).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Conditions(u8);

impl Conditions {
    pub fn with(self, c: Condition) -> Conditions {
        Conditions(self.0 | 1 << c as u8)
    }

    pub fn contains(self, c: Condition) -> bool {
        self.0 & (1 << c as u8) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Condition> {
        Condition::ALL
            .into_iter()
            .filter(move |&c| self.contains(c))
    }
}

impl Serialize for Conditions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// F2, T4: in which months a partner meets each condition; a condition with no range
/// is never met.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    #[serde(default)]
    pub membership: Vec<MonthRange>,
    #[serde(default)]
    pub agreement: Vec<MonthRange>,
    #[serde(default)]
    pub assessment: Vec<MonthRange>,
}

impl Eligibility {
    /// Eligible from month 1 with no end: the usual case.
    pub fn always() -> Eligibility {
        let r = vec![MonthRange::from(1)];
        Eligibility {
            membership: r.clone(),
            agreement: r.clone(),
            assessment: r,
        }
    }

    pub fn ranges(&self, c: Condition) -> &[MonthRange] {
        match c {
            Condition::Membership => &self.membership,
            Condition::Agreement => &self.agreement,
            Condition::Assessment => &self.assessment,
        }
    }

    pub fn ranges_mut(&mut self, c: Condition) -> &mut Vec<MonthRange> {
        match c {
            Condition::Membership => &mut self.membership,
            Condition::Agreement => &mut self.agreement,
            Condition::Assessment => &mut self.assessment,
        }
    }

    /// F2: what the partner lacks in this month; empty when it is eligible.
    pub fn missing(&self, month: u32) -> Conditions {
        Condition::ALL
            .into_iter()
            .filter(|&c| !self.ranges(c).iter().any(|r| r.contains(month)))
            .fold(Conditions::default(), Conditions::with)
    }

    /// The months at which what is missing can change (each range's first month and the
    /// month after its last), sorted: between two of them `missing` is constant.
    pub fn change_months(&self) -> Vec<u32> {
        let mut m: Vec<u32> = Condition::ALL
            .into_iter()
            .flat_map(|c| self.ranges(c))
            .flat_map(|r| [Some(r.from_month), r.to_month.map(|t| t.saturating_add(1))])
            .flatten()
            .collect();
        m.sort_unstable();
        m.dedup();
        m
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub eligibility: Eligibility,
}

impl Partner {
    /// The name people see: the partner's name, or its id when the name is blank.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// F6: who a POR assignment covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PorScope {
    /// Every transaction of the service (unless a transaction has its own assignment).
    Service(String),
    /// One transaction; takes precedence over its service's assignment.
    Transaction(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PorAssignment {
    pub scope: PorScope,
    /// Changes in month order; each takes effect from the start of its month (F6).
    pub changes: Vec<PorChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PorChange {
    pub from_month: u32,
    /// The partner of record from this month; none means no POR from this month.
    pub partner: Option<String>,
}

/// S1: what kind of work a partner's service line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceCategory {
    Customisation,
    MigrationIntegration,
    ManagedServices,
    Other,
}

impl ServiceCategory {
    pub const ALL: [ServiceCategory; 4] = [
        ServiceCategory::Customisation,
        ServiceCategory::MigrationIntegration,
        ServiceCategory::ManagedServices,
        ServiceCategory::Other,
    ];
}

/// S1: how many units a per-unit line bills: a fixed count, or each month's quantity of
/// a transaction of the quote. Read by hand (`price_json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Units {
    Count(u32),
    Follow { transaction: String },
}

/// S1: the four price forms of a partner's service line. Amounts are the partner's own,
/// in the price book's currency; months are the quote's. Read by hand (`price_json`),
/// which refuses a field the form does not take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ServicePrice {
    /// A fixed amount once, in `month`.
    Fixed {
        month: u32,
        #[serde(with = "rust_decimal::serde::str")]
        amount: Decimal,
    },
    /// A price per unit once, in `month`.
    PerUnit {
        month: u32,
        #[serde(with = "rust_decimal::serde::str")]
        unit_price: Decimal,
        units: Units,
    },
    /// A fixed amount each month from `from_month` to `to_month` (the horizon's end when absent).
    Monthly {
        from_month: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_month: Option<u32>,
        #[serde(with = "rust_decimal::serde::str")]
        amount: Decimal,
    },
    /// A price per unit each month from `from_month` to `to_month`.
    MonthlyPerUnit {
        from_month: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_month: Option<u32>,
        #[serde(with = "rust_decimal::serde::str")]
        unit_price: Decimal,
        units: Units,
    },
}

/// When a service line bills: once, in one month, or monthly over a range of months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Once {
        month: u32,
    },
    Monthly {
        from_month: u32,
        to_month: Option<u32>,
    },
}

impl ServicePrice {
    /// The line's months as given, whatever its price.
    pub fn schedule(&self) -> Schedule {
        match *self {
            ServicePrice::Fixed { month, .. } | ServicePrice::PerUnit { month, .. } => {
                Schedule::Once { month }
            }
            ServicePrice::Monthly {
                from_month,
                to_month,
                ..
            }
            | ServicePrice::MonthlyPerUnit {
                from_month,
                to_month,
                ..
            } => Schedule::Monthly {
                from_month,
                to_month,
            },
        }
    }

    /// The first and last month the line runs (before a cancellation), and whether it
    /// recurs monthly.
    pub fn months(&self, horizon: u32) -> (u32, u32, bool) {
        match self.schedule() {
            Schedule::Once { month } => (month, month, false),
            Schedule::Monthly {
                from_month,
                to_month,
            } => (from_month, to_month.unwrap_or(horizon), true),
        }
    }

    /// The per-unit price and units, or the fixed amount (as a price for one unit).
    pub fn price_and_units(&self) -> (Decimal, Option<&Units>) {
        match self {
            ServicePrice::Fixed { amount, .. } | ServicePrice::Monthly { amount, .. } => {
                (*amount, None)
            }
            ServicePrice::PerUnit {
                unit_price, units, ..
            }
            | ServicePrice::MonthlyPerUnit {
                unit_price, units, ..
            } => (*unit_price, Some(units)),
        }
    }
}

/// S1: one line of a partner's own services in a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceLine {
    pub id: String,
    pub partner: String,
    pub category: ServiceCategory,
    #[serde(default)]
    pub description: String,
    pub price: ServicePrice,
}

/// The example quote (Contoso): real figures from the default book at first sight.
pub const EXAMPLE_QUOTE_JSON: &str = include_str!("../../../examples/quotes/contoso.json");

/// Only the format number, read first to choose the reader.
#[derive(Deserialize)]
struct FormatOnly {
    format: u32,
}

impl Quote {
    /// The example quote ([`EXAMPLE_QUOTE_JSON`], checked by the test suite).
    pub fn example() -> Quote {
        Quote::from_json(EXAMPLE_QUOTE_JSON)
            .unwrap_or_else(|p| panic!("embedded example quote is invalid: {p:?}"))
    }

    /// A quote with nothing in it yet: no services, a 36-month horizon.
    pub fn empty() -> Quote {
        Quote {
            format: QUOTE_FORMAT,
            price_book: None,
            start: None,
            customer: Customer::default(),
            horizon_months: default_horizon(),
            switch_month: None,
            transactions: Vec::new(),
            partners: Vec::new(),
            por: Vec::new(),
            services: Vec::new(),
            overrides: Vec::new(),
        }
    }

    /// Reads a quote of any format this engine knows, migrating it to the current one.
    pub fn from_json(json: &str) -> Result<Quote, Vec<Problem>> {
        // Size, syntax and trailing data first, whatever the format.
        crate::problem::parse_json::<serde::de::IgnoredAny>(json)?;
        match serde_json::from_str::<FormatOnly>(json).map(|f| f.format) {
            Ok(1) => crate::problem::parse_json::<v1::QuoteV1>(json).map(v1::QuoteV1::migrate),
            Ok(found) if found != QUOTE_FORMAT => Err(vec![Problem::plain(
                JsonPath::field("format"),
                ProblemKind::UnsupportedFormat {
                    document: Document::Quote,
                    found,
                    supported: QUOTE_FORMAT,
                },
            )]),
            // The current reader also says what is wrong with a missing or odd `format`.
            _ => crate::problem::parse_json(json),
        }
    }

    /// Indented, as files and the JSON panel show it ([`crate::pretty`]).
    pub fn to_json(&self) -> String {
        crate::pretty::pretty(&serde_json::to_string(self).unwrap_or_default())
    }

    pub fn transaction(&self, id: &str) -> Option<&Transaction> {
        self.transactions.iter().find(|t| t.id == id)
    }

    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    /// T2: the calendar month of quote month `m`, when the quote has a start.
    pub fn calendar(&self, m: u32) -> Option<CalendarMonth> {
        self.start.map(|s| s.plus(m.saturating_sub(1)))
    }

    /// Months billed in each run of a transaction's figures (T1, T3, F8).
    pub fn segments(&self, t: &Transaction) -> Vec<Segment> {
        months::segments(t, self.horizon_months, self.customer.cancel_month)
    }
}

#[cfg(test)]
mod tests;
