//! The quote: the one serializable value the CLI reads, the app edits, exports and puts
//! in share links (format 1, documented in `docs/formats.md`).

use crate::book::PriceBook;
use crate::problem::{Problem, Problems};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The quote format this engine reads and writes.
pub const QUOTE_FORMAT: u32 = 1;
/// Longest horizon a quote may have (20 years): bounds the work of one computation.
pub const MAX_HORIZON: u32 = 240;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub format: u32,
    /// The price book the quote was made with; a mismatch is reported as a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_book: Option<BookRef>,
    pub customer: Customer,
    /// T1: whole billing months; month 1 is the quote's first month.
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    pub transactions: Vec<Transaction>,
    #[serde(default)]
    pub partners: Vec<Partner>,
    #[serde(default)]
    pub por: Vec<PorAssignment>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
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

    pub fn label(self) -> &'static str {
        match self {
            Agreement::None => "No agreement",
            Agreement::Ea => "Enterprise Agreement (EA)",
            Agreement::Eas => "Enterprise Agreement Subscription (EAS)",
            Agreement::GovEa => "Government EA",
            Agreement::CampusSchool => "Campus/School Agreement",
        }
    }

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default)]
    pub name: String,
    pub agreement: Agreement,
    /// P4: qualified users or devices, which set the EA price level.
    #[serde(default)]
    pub qualified: u32,
    /// F8: the customer cancels at this month and pays nothing from it on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_month: Option<u32>,
}

impl Customer {
    /// F8: the customer pays (and fees accrue) only before the cancellation month.
    pub fn active(&self, month: u32) -> bool {
        self.cancel_month.is_none_or(|c| month < c)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transaction {
    pub id: String,
    pub service: String,
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
}

fn first_month() -> u32 {
    1
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Transaction {
    pub fn last_month(&self, horizon: u32) -> u32 {
        self.end_month.unwrap_or(horizon)
    }

    pub fn runs_in(&self, month: u32, horizon: u32) -> bool {
        self.start_month <= month && month <= self.last_month(horizon)
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
    pub fn contains(&self, month: u32) -> bool {
        self.from_month <= month && self.to_month.is_none_or(|t| month <= t)
    }
}

/// F2: what a partner needs, in a month, to earn fees in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Active partner network membership; none means not a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership: Option<MonthRange>,
    /// Accepted partner agreement (MOSPA), which can start and end at given months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<MonthRange>,
    /// Month from which the assessment is passed; none means not passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_passed_month: Option<u32>,
}

impl Eligibility {
    /// Eligible from month 1 with no end: the usual case.
    pub fn always() -> Eligibility {
        let r = Some(MonthRange {
            from_month: 1,
            to_month: None,
        });
        Eligibility {
            membership: r,
            agreement: r,
            assessment_passed_month: Some(1),
        }
    }

    /// F2 in words, e.g. "partner network membership from month 1; partner agreement
    /// (MOSPA) months 1-24; assessment passed from month 3".
    pub fn describe(&self) -> String {
        let range = |what: &str, r: &Option<MonthRange>| match r {
            None => format!("no {what}"),
            Some(MonthRange {
                from_month,
                to_month: None,
            }) => format!("{what} from month {from_month}"),
            Some(MonthRange {
                from_month,
                to_month: Some(to),
            }) => format!("{what} months {from_month}-{to}"),
        };
        let assessment = match self.assessment_passed_month {
            None => "assessment not passed".to_string(),
            Some(m) => format!("assessment passed from month {m}"),
        };
        format!(
            "{}; {}; {assessment}",
            range("partner network membership", &self.membership),
            range("partner agreement (MOSPA)", &self.agreement),
        )
    }

    /// F2: what is missing in this month; empty when the partner is eligible.
    pub fn missing(&self, month: u32) -> Vec<&'static str> {
        let mut m = Vec::new();
        if !self.membership.is_some_and(|r| r.contains(month)) {
            m.push("partner network membership");
        }
        if !self.agreement.is_some_and(|r| r.contains(month)) {
            m.push("partner agreement (MOSPA)");
        }
        if self.assessment_passed_month.is_none_or(|a| a > month) {
            m.push("passed assessment");
        }
        m
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub eligibility: Eligibility,
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

impl PorAssignment {
    /// The POR in a month: the last change at or before it.
    pub fn partner_in(&self, month: u32) -> Option<&str> {
        self.changes
            .iter()
            .rev()
            .find(|c| c.from_month <= month)
            .and_then(|c| c.partner.as_deref())
    }
}

/// C1: one figure of the price book replaced for this quote (keys as `PriceBook::figures`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub figure: String,
    pub value: String,
}

/// The quote the app opens on: real figures from the default book at first sight.
pub const DEFAULT_QUOTE_JSON: &str = include_str!("../../examples/quotes/default.json");

impl Quote {
    /// The app's opening quote ([`DEFAULT_QUOTE_JSON`], checked by the test suite).
    pub fn default_quote() -> Quote {
        Quote::from_json(DEFAULT_QUOTE_JSON)
            .unwrap_or_else(|p| panic!("embedded default quote is invalid: {p:?}"))
    }

    pub fn from_json(json: &str) -> Result<Quote, Vec<Problem>> {
        crate::problem::parse_json(json)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The price book this quote prices with: the given book plus the quote's overrides.
    pub fn effective_book(&self, book: &PriceBook) -> Result<PriceBook, Vec<Problem>> {
        let mut book = book.clone();
        let mut p = Problems::default();
        for (i, o) in self.overrides.iter().enumerate() {
            if let Err(m) = book.set_figure(&o.figure, &o.value) {
                p.push(
                    format!("$.overrides[{i}].value"),
                    format!("{}: {m}", o.figure),
                    "C1",
                );
            }
        }
        if p.is_empty() {
            for problem in book.validate() {
                p.push(
                    "$.overrides",
                    format!("with these overrides the price book is invalid: {problem}"),
                    "C1",
                );
            }
        }
        if p.is_empty() {
            Ok(book)
        } else {
            Err(p.into_vec())
        }
    }

    /// Every problem with the quote against this (effective) price book, at once.
    pub fn validate(&self, book: &PriceBook) -> Vec<Problem> {
        let mut p = Problems::default();
        let h = self.horizon_months;
        if self.format != QUOTE_FORMAT {
            p.push_plain(
                "$.format",
                format!(
                    "this engine reads quote format {QUOTE_FORMAT}, not {}",
                    self.format
                ),
            );
        }
        if h == 0 || h > MAX_HORIZON {
            p.push(
                "$.horizon_months",
                format!("the horizon must be 1 to {MAX_HORIZON} months"),
                "T1",
            );
        }
        let horizon_ok = (1..=MAX_HORIZON).contains(&h);
        // With a wrong horizon, only the horizon is reported, not every month against it.
        let month_ok = |m: u32| !horizon_ok || (m >= 1 && m <= h);
        if let Some(c) = self.customer.cancel_month {
            if !month_ok(c) {
                p.push(
                    "$.customer.cancel_month",
                    format!("the cancellation month must be within the horizon, 1 to {h}"),
                    "F8",
                );
            }
        }

        let mut ids = HashSet::new();
        for (i, t) in self.transactions.iter().enumerate() {
            let at = format!("$.transactions[{i}]");
            if t.id.trim().is_empty() {
                p.push_plain(format!("{at}.id"), "the transaction needs an id");
            } else if !ids.insert(t.id.as_str()) {
                p.push_plain(
                    format!("{at}.id"),
                    format!("the transaction id \"{}\" is used twice", t.id),
                );
            }
            let Some(service) = book.service(&t.service) else {
                p.push(
                    format!("{at}.service"),
                    format!(
                        "unknown service \"{}\": the price book has no such service",
                        t.service
                    ),
                    "C3",
                );
                continue;
            };
            let name = &service.name;
            if t.quantity == 0 {
                p.push(
                    format!("{at}.quantity"),
                    "the quantity must be at least 1",
                    "P3",
                );
            }
            if !month_ok(t.start_month) {
                p.push(
                    format!("{at}.start_month"),
                    format!("the start month must be within the horizon, 1 to {h}"),
                    "T1",
                );
            }
            if let Some(e) = t.end_month {
                if e < t.start_month {
                    p.push(
                        format!("{at}.end_month"),
                        format!(
                            "the end month {e} is before the start month {}",
                            t.start_month
                        ),
                        "T1",
                    );
                } else if !month_ok(e) {
                    p.push(
                        format!("{at}.end_month"),
                        format!("the end month must be within the horizon, 1 to {h}"),
                        "T1",
                    );
                }
            }
            if t.step_up_units > 0 && service.step_up_price.is_none() {
                p.push(
                    format!("{at}.step_up_units"),
                    format!("{name} has no Step-Up price in the price book"),
                    "P5",
                );
            } else if t.step_up_units > t.quantity {
                p.push(
                    format!("{at}.step_up_units"),
                    format!(
                        "Step-Up units ({}) cannot exceed the quantity ({})",
                        t.step_up_units, t.quantity
                    ),
                    "P5",
                );
            }
            if t.sa_covered_devices > 0 && service.sa_credit.is_none() {
                p.push(
                    format!("{at}.sa_covered_devices"),
                    format!("{name} has no Client SA credit in the price book"),
                    "I3",
                );
            } else if t.sa_covered_devices > t.quantity {
                p.push(
                    format!("{at}.sa_covered_devices"),
                    format!(
                        "SA-covered devices ({}) cannot exceed the devices in the transaction ({})",
                        t.sa_covered_devices, t.quantity
                    ),
                    "I3",
                );
            } else if t.step_up_units <= t.quantity
                && u64::from(t.sa_covered_devices) + u64::from(t.step_up_units)
                    > u64::from(t.quantity)
            {
                p.push(
                    format!("{at}.sa_covered_devices"),
                    "Step-Up units and SA-covered devices together cannot exceed the quantity",
                    "I3",
                );
            }
        }
        if p.is_empty() {
            self.check_quantities_by_month(book, &mut p);
        }
        if h == 0 || h > MAX_HORIZON {
            // Month checks against a horizon that is itself wrong would only add noise.
            return p.into_vec();
        }
        self.check_partners_and_por(book, &mut p);
        p.into_vec()
    }

    /// P3 and I4 hold per service and month, across all of a service's transactions.
    fn check_quantities_by_month(&self, book: &PriceBook, p: &mut Problems) {
        let h = self.horizon_months;
        let totals = self.monthly_totals(book);
        for (i, t) in self.transactions.iter().enumerate() {
            let Some(s) = book.service_index(&t.service) else {
                continue;
            };
            let service = &book.services[s];
            let months = (t.start_month..=t.last_month(h)).filter(|&m| self.customer.active(m));
            if let Some(m) = months
                .clone()
                .find(|&m| totals[s][m as usize] < u64::from(service.minimum.value))
            {
                p.push(
                    format!("$.transactions[{i}].quantity"),
                    format!(
                        "{} needs at least {} {}s in a month; month {m} has {}",
                        service.name,
                        service.minimum.value,
                        unit_word(service.unit),
                        totals[s][m as usize]
                    ),
                    "P3",
                );
            }
            if let Some(req) = service
                .requires
                .as_deref()
                .and_then(|r| book.service_index(r))
            {
                let base = &book.services[req];
                if let Some(m) = months
                    .clone()
                    .find(|&m| totals[s][m as usize] > totals[req][m as usize])
                {
                    let msg = if totals[req][m as usize] == 0 {
                        format!(
                            "{} is sold only with {}, and month {m} has none",
                            service.name, base.name
                        )
                    } else {
                        format!(
                            "{} cannot cover more devices than {} has: month {m} has {} against {}",
                            service.name, base.name, totals[s][m as usize], totals[req][m as usize]
                        )
                    };
                    p.push(format!("$.transactions[{i}].quantity"), msg, "I4");
                }
            }
        }
    }

    /// Units of each service running in each month (index 0 unused), for P2, P3 and I4.
    pub(crate) fn monthly_totals(&self, book: &PriceBook) -> Vec<Vec<u64>> {
        let h = self.horizon_months;
        let mut totals = vec![vec![0u64; h as usize + 1]; book.services.len()];
        for t in &self.transactions {
            if let Some(s) = book.service_index(&t.service) {
                for m in t.start_month.max(1)..=t.last_month(h).min(h) {
                    if self.customer.active(m) {
                        totals[s][m as usize] += u64::from(t.quantity);
                    }
                }
            }
        }
        totals
    }

    fn check_partners_and_por(&self, book: &PriceBook, p: &mut Problems) {
        let h = self.horizon_months;
        let mut partner_ids = HashSet::new();
        for (i, partner) in self.partners.iter().enumerate() {
            let at = format!("$.partners[{i}]");
            if partner.id.trim().is_empty() {
                p.push_plain(format!("{at}.id"), "the partner needs an id");
            } else if !partner_ids.insert(partner.id.as_str()) {
                p.push_plain(
                    format!("{at}.id"),
                    format!("the partner id \"{}\" is used twice", partner.id),
                );
            }
            let e = &partner.eligibility;
            for (field, range) in [("membership", e.membership), ("agreement", e.agreement)] {
                if let Some(r) = range {
                    if r.from_month == 0 {
                        p.push(
                            format!("{at}.eligibility.{field}.from_month"),
                            "months start at 1",
                            "F2",
                        );
                    }
                    if r.to_month.is_some_and(|t| t < r.from_month) {
                        p.push(
                            format!("{at}.eligibility.{field}.to_month"),
                            "the end month is before the start month",
                            "F2",
                        );
                    }
                }
            }
            if e.assessment_passed_month == Some(0) {
                p.push(
                    format!("{at}.eligibility.assessment_passed_month"),
                    "months start at 1",
                    "F2",
                );
            }
        }

        let transactions: HashSet<&str> = self.transactions.iter().map(|t| t.id.as_str()).collect();
        let mut scopes = HashSet::new();
        for (i, a) in self.por.iter().enumerate() {
            let at = format!("$.por[{i}]");
            match &a.scope {
                // A service the quote does not buy (yet) is fine: its POR waits for it.
                PorScope::Service(s) if book.service(s).is_none() => {
                    p.push(
                        format!("{at}.scope.service"),
                        format!("unknown service \"{s}\": the price book has no such service"),
                        "F6",
                    );
                }
                PorScope::Transaction(t) if !transactions.contains(t.as_str()) => {
                    p.push(
                        format!("{at}.scope.transaction"),
                        format!("the quote has no transaction \"{t}\""),
                        "F6",
                    );
                }
                _ => {}
            }
            if !scopes.insert(&a.scope) {
                p.push(format!("{at}.scope"), "this service or transaction already has a POR assignment: put all its changes in one", "F6");
            }
            if a.changes.is_empty() {
                p.push(
                    format!("{at}.changes"),
                    "a POR assignment needs at least one change (the first POR and its month)",
                    "F6",
                );
            }
            for (j, c) in a.changes.iter().enumerate() {
                let cat = format!("{at}.changes[{j}]");
                if c.from_month == 0 || c.from_month > h {
                    p.push(
                        format!("{cat}.from_month"),
                        format!("the change month must be within the horizon, 1 to {h}"),
                        "F6",
                    );
                }
                if j > 0 && c.from_month <= a.changes[j - 1].from_month {
                    p.push(format!("{cat}.from_month"), format!("changes must be in month order without two in one month: {} does not follow {}", c.from_month, a.changes[j - 1].from_month), "F6");
                }
                if let Some(partner) = &c.partner {
                    if !partner_ids.contains(partner.as_str())
                        && !self.partners.iter().any(|x| &x.id == partner)
                    {
                        p.push(
                            format!("{cat}.partner"),
                            format!("unknown partner \"{partner}\": add the partner first"),
                            "F6",
                        );
                    }
                }
            }
        }
    }
}

fn unit_word(u: crate::book::Unit) -> &'static str {
    match u {
        crate::book::Unit::User => "user",
        crate::book::Unit::Device => "device",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f2_eligibility_in_words() {
        assert_eq!(
            Eligibility::always().describe(),
            "partner network membership from month 1; partner agreement (MOSPA) from month 1; assessment passed from month 1"
        );
        let e = Eligibility {
            membership: None,
            agreement: Some(MonthRange {
                from_month: 4,
                to_month: Some(24),
            }),
            assessment_passed_month: None,
        };
        assert_eq!(e.describe(), "no partner network membership; partner agreement (MOSPA) months 4-24; assessment not passed");
    }
    use crate::testutil::{partner, por, quote, tx};
    use crate::{compute, PriceBook};

    fn problems(q: &Quote) -> Vec<(String, String)> {
        match compute(&PriceBook::default_book(), q) {
            Ok(_) => vec![],
            Err(p) => p.into_iter().map(|p| (p.path, p.message)).collect(),
        }
    }

    fn has(ps: &[(String, String)], path: &str, text: &str) -> bool {
        ps.iter().any(|(p, m)| p == path && m.contains(text))
    }

    #[test]
    fn default_quote_is_valid() {
        assert!(problems(&Quote::default_quote()).is_empty());
    }

    #[test]
    fn p3_quantity_below_the_service_minimum_names_service_and_minimum() {
        let ps = problems(&quote(vec![tx("t", "bpos-standard", 3)]));
        assert!(
            has(
                &ps,
                "$.transactions[0].quantity",
                "BPOS Standard Suite needs at least 5"
            ),
            "{ps:?}"
        );
        // Added seats count with the existing ones in the same month.
        let mut more = tx("t2", "bpos-standard", 3);
        more.start_month = 2;
        assert!(problems(&quote(vec![tx("t1", "bpos-standard", 10), more])).is_empty());
    }

    #[test]
    fn i4_mdop_only_with_intune_and_never_more_devices() {
        let ps = problems(&quote(vec![tx("m", "mdop", 5)]));
        assert!(
            has(
                &ps,
                "$.transactions[0].quantity",
                "only with Windows Intune"
            ),
            "{ps:?}"
        );
        let ps = problems(&quote(vec![tx("i", "intune", 5), tx("m", "mdop", 6)]));
        assert!(
            has(&ps, "$.transactions[1].quantity", "6 against 5"),
            "{ps:?}"
        );
        assert!(problems(&quote(vec![tx("i", "intune", 5), tx("m", "mdop", 5)])).is_empty());
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_path() {
        let mut a = tx("a", "bpos-standard", 10);
        a.step_up_units = 11;
        a.end_month = Some(0);
        let mut b = tx("b", "intune", 5);
        b.sa_covered_devices = 6;
        let c = tx("c", "no-such-service", 5);
        let mut q = quote(vec![a, b, c]);
        q.por.push(por("intune", &[(3, "Z"), (2, "A")]));
        q.customer.cancel_month = Some(99);
        let ps = problems(&q);
        assert!(
            has(
                &ps,
                "$.transactions[0].step_up_units",
                "cannot exceed the quantity"
            ),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.transactions[0].end_month", "before the start month"),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.transactions[1].sa_covered_devices", "cannot exceed"),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.transactions[2].service", "unknown service"),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.customer.cancel_month", "within the horizon"),
            "{ps:?}"
        );
        // quote() already assigns a POR to each of the three services: this is the fourth.
        assert!(
            has(&ps, "$.por[3].scope", "already has a POR assignment"),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.por[3].changes[0].partner", "unknown partner \"Z\""),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.por[3].changes[1].from_month", "month order"),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.por[2].scope.service", "unknown service"),
            "{ps:?}"
        );
        assert!(
            !has(&ps, "$.transactions[0].sa_covered_devices", ""),
            "no knock-on message: {ps:?}"
        );
        assert_eq!(ps.len(), 9, "{ps:?}");
    }

    #[test]
    fn por_validation_checks_scope_horizon_and_partners() {
        let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
        q.partners.push(partner("A"));
        q.por = vec![
            PorAssignment {
                scope: PorScope::Transaction("nope".into()),
                changes: vec![PorChange {
                    from_month: 40,
                    partner: None,
                }],
            },
            PorAssignment {
                scope: PorScope::Service("nope".into()),
                changes: vec![],
            },
        ];
        let ps = problems(&q);
        assert!(has(&ps, "$.partners[1].id", "used twice"), "{ps:?}");
        assert!(
            has(&ps, "$.por[0].scope.transaction", "no transaction \"nope\""),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.por[0].changes[0].from_month", "within the horizon"),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.por[1].scope.service", "unknown service \"nope\""),
            "{ps:?}"
        );
        assert!(
            has(&ps, "$.por[1].changes", "at least one change"),
            "{ps:?}"
        );
    }

    #[test]
    fn f6_a_por_for_a_service_not_bought_yet_is_kept_and_valid() {
        let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
        q.por.push(por("intune", &[(1, "A")]));
        assert!(problems(&q).is_empty());
    }

    #[test]
    fn step_up_and_credit_only_where_the_book_has_them() {
        let mut t = tx("t", "intune", 10);
        t.step_up_units = 1;
        let mut u = tx("u", "bpos-standard", 10);
        u.sa_covered_devices = 1;
        let ps = problems(&quote(vec![t, u]));
        assert!(
            has(&ps, "$.transactions[0].step_up_units", "no Step-Up price"),
            "{ps:?}"
        );
        assert!(
            has(
                &ps,
                "$.transactions[1].sa_covered_devices",
                "no Client SA credit"
            ),
            "{ps:?}"
        );
    }

    #[test]
    fn json_type_errors_carry_the_path() {
        let json = DEFAULT_QUOTE_JSON.replacen("\"quantity\": 120", "\"quantity\": 1e30", 1);
        let ps = Quote::from_json(&json).unwrap_err();
        assert_eq!(ps[0].path, "$.transactions[0].quantity", "{ps:?}");
        let json = DEFAULT_QUOTE_JSON.replacen("\"quantity\": 120", "\"quantity\": -4", 1);
        assert_eq!(
            Quote::from_json(&json).unwrap_err()[0].path,
            "$.transactions[0].quantity"
        );
    }

    #[test]
    fn overrides_are_checked_before_use() {
        let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
        q.overrides.push(Override {
            figure: "services.bpos-standard.list_price".into(),
            value: "abc".into(),
        });
        q.overrides.push(Override {
            figure: "services.bpos-standard.step_up_price".into(),
            value: "99".into(),
        });
        let ps = problems(&q);
        assert!(has(&ps, "$.overrides[0].value", "not a number"), "{ps:?}");
    }

    #[test]
    fn t1_a_wrong_horizon_is_reported_alone() {
        let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
        q.horizon_months = 0;
        let ps = problems(&q);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert_eq!(ps[0].0, "$.horizon_months");
    }

    #[test]
    fn quote_round_trips_through_json() {
        let q = Quote::default_quote();
        assert_eq!(Quote::from_json(&q.to_json()).unwrap(), q);
    }
}
