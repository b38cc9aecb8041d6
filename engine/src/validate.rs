//! Every problem with a quote against its (effective) price book, each at its JSON path
//! with the rule it breaks. Limits come first (a value over one is never looked at
//! further); month-by-month checks (P3, I4) run only when everything else is right, so
//! one mistake is not reported again as its consequences.

use crate::book::{PriceBook, Unit};
use crate::limits::*;
use crate::path::JsonPath;
use crate::problem::{Counted, Document, Missing, Ordered, Problem, ProblemKind, Problems, Thing};
use crate::quote::{
    Condition, PorScope, Quote, Schedule, Transaction, Units, MAX_HORIZON, QUOTE_FORMAT,
};
use crate::rules::Rule;
use std::collections::HashSet;

fn tx(i: usize) -> JsonPath {
    JsonPath::item("transactions", i)
}

/// The months a month field may name, for its problems.
struct Months {
    horizon: u32,
    /// Whether the horizon itself is valid: with a wrong one, months are not checked
    /// against it (only the horizon is reported).
    ok: bool,
}

impl Months {
    /// A problem if `month` lies outside `first..=last` (last defaults to the horizon).
    /// The path is built only for a problem: most months are fine.
    fn check(
        &self,
        p: &mut Problems,
        at: impl FnOnce() -> JsonPath,
        month: u32,
        first: u32,
        last: Option<u32>,
        rule: Rule,
    ) {
        let last = last.unwrap_or(self.horizon);
        if self.ok && !(first..=last).contains(&month) {
            p.push(
                at(),
                ProblemKind::MonthOutOfRange { month, first, last },
                rule,
            );
        }
    }
}

/// Every problem with the quote against this (effective) price book, at once.
pub fn validate(q: &Quote, book: &PriceBook) -> Vec<Problem> {
    let mut p = Problems::default();
    if check_limits(q, &mut p) {
        return p.into_vec();
    }
    let h = q.horizon_months;
    if q.format != QUOTE_FORMAT {
        let kind = ProblemKind::UnsupportedFormat {
            document: Document::Quote,
            found: q.format,
            supported: QUOTE_FORMAT,
        };
        p.push_plain(JsonPath::field("format"), kind);
    }
    let months = Months {
        horizon: h,
        ok: (1..=MAX_HORIZON).contains(&h),
    };
    if !months.ok {
        p.push(
            JsonPath::field("horizon_months"),
            ProblemKind::HorizonOutOfRange { max: MAX_HORIZON },
            Rule::T1,
        );
    }
    check_customer(q, &months, &mut p);
    let mut ids = HashSet::new();
    for (i, t) in q.transactions.iter().enumerate() {
        check_id(
            &mut p,
            &|| tx(i).key("id"),
            &t.id,
            Missing::TransactionId,
            Thing::Transaction,
            &mut ids,
        );
        check_transaction(q, book, i, t, &months, &mut p);
    }
    if p.is_empty() {
        check_quantities_by_month(q, book, &mut p);
    }
    if !months.ok {
        // Month checks against a horizon that is itself wrong would only add noise.
        return p.into_vec();
    }
    let partner_ids = check_partners(q, &mut p);
    check_por(q, book, &partner_ids, &months, &mut p);
    check_services(q, &partner_ids, &months, &mut p);
    p.into_vec()
}

/// The sizes of every list and text (limits.rs). Returns whether any is over: then
/// nothing else is checked, so an absurd quote costs no more than reading it.
fn check_limits(q: &Quote, p: &mut Problems) -> bool {
    check_top_limits(q, p);
    if !p.is_empty() {
        // The lists' own entries are looked at only once the lists are of a sane size.
        return true;
    }
    check_transaction_limits(q, p);
    check_partner_limits(q, p);
    check_por_limits(q, p);
    check_service_limits(q, p);
    check_override_limits(q, p);
    !p.is_empty()
}

/// The lengths of the quote's lists and the customer's and price book's texts.
fn check_top_limits(q: &Quote, p: &mut Problems) {
    let f = JsonPath::field;
    p.check_count(|| f("transactions"), q.transactions.len(), MAX_TRANSACTIONS);
    p.check_count(|| f("partners"), q.partners.len(), MAX_PARTNERS);
    p.check_count(|| f("por"), q.por.len(), MAX_POR_ASSIGNMENTS);
    p.check_count(|| f("services"), q.services.len(), MAX_SERVICE_LINES);
    p.check_count(|| f("overrides"), q.overrides.len(), MAX_OVERRIDES);
    p.check_count(
        || f("customer").key("true_ups"),
        q.customer.true_ups.len(),
        MAX_MONTH_ENTRIES,
    );
    p.check_len(
        || f("customer").key("name"),
        &q.customer.name,
        MAX_NAME_CHARS,
    );
    if let Some(b) = &q.price_book {
        p.check_len(|| f("price_book").key("id"), &b.id, MAX_ID_CHARS);
        p.check_len(|| f("price_book").key("version"), &b.version, MAX_ID_CHARS);
    }
}

fn check_transaction_limits(q: &Quote, p: &mut Problems) {
    for (i, t) in q.transactions.iter().enumerate() {
        p.check_len(|| tx(i).key("id"), &t.id, MAX_ID_CHARS);
        p.check_len(|| tx(i).key("service"), &t.service, MAX_ID_CHARS);
        p.check_count(|| tx(i).key("changes"), t.changes.len(), MAX_MONTH_ENTRIES);
    }
}

fn check_partner_limits(q: &Quote, p: &mut Problems) {
    for (i, x) in q.partners.iter().enumerate() {
        let at = || JsonPath::item("partners", i);
        p.check_len(|| at().key("id"), &x.id, MAX_ID_CHARS);
        p.check_len(|| at().key("name"), &x.name, MAX_NAME_CHARS);
        for c in Condition::ALL {
            let field = condition_field(c);
            p.check_count(
                || at().key("eligibility").key(field),
                x.eligibility.ranges(c).len(),
                MAX_MONTH_ENTRIES,
            );
        }
    }
}

fn check_por_limits(q: &Quote, p: &mut Problems) {
    for (i, a) in q.por.iter().enumerate() {
        let id = match &a.scope {
            PorScope::Service(s) | PorScope::Transaction(s) => s,
        };
        p.check_len(|| JsonPath::item("por", i).key("scope"), id, MAX_ID_CHARS);
        p.check_count(
            || JsonPath::item("por", i).key("changes"),
            a.changes.len(),
            MAX_MONTH_ENTRIES,
        );
        for (j, c) in a.changes.iter().enumerate() {
            let partner = c.partner.as_deref().unwrap_or("");
            p.check_len(
                || {
                    JsonPath::item("por", i)
                        .key("changes")
                        .index(j)
                        .key("partner")
                },
                partner,
                MAX_ID_CHARS,
            );
        }
    }
}

fn check_service_limits(q: &Quote, p: &mut Problems) {
    for (i, s) in q.services.iter().enumerate() {
        let at = || JsonPath::item("services", i);
        p.check_len(|| at().key("id"), &s.id, MAX_ID_CHARS);
        p.check_len(|| at().key("partner"), &s.partner, MAX_ID_CHARS);
        p.check_len(|| at().key("description"), &s.description, MAX_TEXT_CHARS);
    }
}

fn check_override_limits(q: &Quote, p: &mut Problems) {
    for (i, o) in q.overrides.iter().enumerate() {
        p.check_len(
            || JsonPath::item("overrides", i).key("figure"),
            &o.figure,
            MAX_TEXT_CHARS,
        );
        p.check_len(
            || JsonPath::item("overrides", i).key("value"),
            &o.value,
            MAX_ID_CHARS,
        );
    }
}

pub(crate) fn condition_field(c: Condition) -> &'static str {
    match c {
        Condition::Membership => "membership",
        Condition::Agreement => "agreement",
        Condition::Assessment => "assessment",
    }
}

/// An id: present and not used twice among its kind. The path is built only for a
/// problem (a `dyn`, so the wasm carries one copy for the three kinds of id).
fn check_id<'a>(
    p: &mut Problems,
    at: &dyn Fn() -> JsonPath,
    id: &'a str,
    missing: Missing,
    what: Thing,
    seen: &mut HashSet<&'a str>,
) {
    if id.trim().is_empty() {
        p.push_plain(at(), ProblemKind::Missing { what: missing });
    } else if !seen.insert(id) {
        p.push_plain(
            at(),
            ProblemKind::Duplicate {
                what,
                id: id.to_string(),
            },
        );
    }
}

fn check_customer(q: &Quote, months: &Months, p: &mut Problems) {
    let at = || JsonPath::field("customer");
    if let Some(c) = q.customer.cancel_month {
        months.check(p, || at().key("cancel_month"), c, 1, None, Rule::F8);
    }
    if let Some(x) = q.switch_month {
        months.check(p, || JsonPath::field("switch_month"), x, 2, None, Rule::T6);
    }
    let mut previous = 1;
    for (i, t) in q.customer.true_ups.iter().enumerate() {
        let here = || at().key("true_ups").index(i).key("ea_year");
        if t.ea_year < 2 {
            // Year 1's count is `qualified`: a true-up comes at an anniversary.
            p.push(
                here(),
                ProblemKind::MonthOutOfRange {
                    month: t.ea_year,
                    first: 2,
                    last: MAX_HORIZON / 12,
                },
                Rule::T5,
            );
        } else {
            let previous = (i > 0).then_some(previous);
            p.check_increasing(here, Ordered::TrueUps, t.ea_year, previous, Rule::T5);
        }
        previous = previous.max(t.ea_year);
    }
}

fn check_transaction(
    q: &Quote,
    book: &PriceBook,
    i: usize,
    t: &Transaction,
    months: &Months,
    p: &mut Problems,
) {
    let Some(service) = book.service(&t.service) else {
        p.push(
            tx(i).key("service"),
            ProblemKind::Unknown {
                what: Thing::Service,
                id: t.service.clone(),
            },
            Rule::C3,
        );
        return;
    };
    months.check(
        p,
        || tx(i).key("start_month"),
        t.start_month,
        1,
        None,
        Rule::T1,
    );
    if let Some(e) = t.end_month {
        if e < t.start_month {
            p.push(
                tx(i).key("end_month"),
                ProblemKind::EndBeforeStart {
                    end: e,
                    start: t.start_month,
                },
                Rule::T1,
            );
        } else {
            months.check(p, || tx(i).key("end_month"), e, 1, None, Rule::T1);
        }
    }
    let last = t.last_month(q.horizon_months);
    let mut previous = t.start_month;
    let (mut step, mut covered) = (t.step_up_units, t.sa_covered_devices);
    check_counts(
        p,
        || tx(i),
        service,
        t.quantity,
        step,
        covered,
        t.start_month,
    );
    for (j, c) in t.changes.iter().enumerate() {
        let at = || tx(i).key("changes").index(j);
        let from = || at().key("from_month");
        let after = (j > 0).then_some(previous);
        if !p.check_increasing(
            from,
            Ordered::QuantityChanges,
            c.from_month,
            after,
            Rule::T3,
        ) {
            months.check(
                p,
                from,
                c.from_month,
                t.start_month.saturating_add(1),
                Some(last),
                Rule::T3,
            );
        }
        previous = previous.max(c.from_month);
        step = c.step_up_units.unwrap_or(step);
        covered = c.sa_covered_devices.unwrap_or(covered);
        check_counts(p, at, service, c.quantity, step, covered, c.from_month);
    }
}

/// P5, I3: Step-Up units and SA-covered devices only where the book has a Step-Up price
/// or a credit, and never more than the quantity of the same months.
fn check_counts(
    p: &mut Problems,
    at: impl Fn() -> JsonPath,
    service: &crate::book::Service,
    quantity: u32,
    step: u32,
    covered: u32,
    month: u32,
) {
    let name = || service.name.clone();
    let exceeds = |what, count| ProblemKind::ExceedsQuantity {
        what,
        count,
        quantity,
        month,
    };
    if step > 0 && service.step_up_price.is_none() {
        p.push(
            at().key("step_up_units"),
            ProblemKind::NoStepUpPrice { service: name() },
            Rule::P5,
        );
    } else if step > quantity {
        p.push(
            at().key("step_up_units"),
            exceeds(Counted::StepUp, step),
            Rule::P5,
        );
    }
    if covered > 0 && service.sa_credit.is_none() {
        p.push(
            at().key("sa_covered_devices"),
            ProblemKind::NoSaCredit { service: name() },
            Rule::I3,
        );
    } else if covered > quantity {
        p.push(
            at().key("sa_covered_devices"),
            exceeds(Counted::Covered, covered),
            Rule::I3,
        );
    } else if step <= quantity && u64::from(covered) + u64::from(step) > u64::from(quantity) {
        p.push(
            at().key("sa_covered_devices"),
            exceeds(Counted::StepUpAndCovered, covered.saturating_add(step)),
            Rule::I3,
        );
    }
}

/// P3 and I4 hold per service and month, across all of a service's transactions: each
/// transaction is told about the first month it is billed in where they fail.
fn check_quantities_by_month(q: &Quote, book: &PriceBook, p: &mut Problems) {
    let totals = crate::pricing::ServiceTotals::new(book, q);
    // Per service, the months where it fails P3 (under its minimum) or I4 (more add-ons
    // than base), found once: usually there are none, and then no transaction's months
    // are walked. A month with none of the service is never one of a transaction's billed
    // months, so it is left out.
    let failing = |fails: &dyn Fn(u32) -> bool| -> Vec<u32> {
        (1..=q.horizon_months).filter(|&m| fails(m)).collect()
    };
    let base_of = |s: usize| {
        book.services[s]
            .requires
            .as_deref()
            .and_then(|r| book.service_index(r))
    };
    let by_service: Vec<(Vec<u32>, Vec<u32>)> = (0..book.services.len())
        .map(|s| {
            let minimum = u64::from(book.services[s].minimum.value);
            let below = failing(&|m| (1..minimum).contains(&totals.get(s, m)));
            let over = base_of(s).map_or_else(Vec::new, |b| {
                failing(&|m| totals.get(s, m) > totals.get(b, m))
            });
            (below, over)
        })
        .collect();
    for (i, t) in q.transactions.iter().enumerate() {
        let Some(s) = book.service_index(&t.service) else {
            continue;
        };
        let (below, over) = &by_service[s];
        if below.is_empty() && over.is_empty() {
            continue;
        }
        let service = &book.services[s];
        let segments = q.segments(t);
        // The first of `months` this transaction is billed in (segments run in order).
        let first_billed = |months: &[u32]| {
            months.iter().copied().find(|&m| {
                segments
                    .iter()
                    .any(|g| g.quantity > 0 && (g.from..=g.to).contains(&m))
            })
        };
        let at = |m: u32| match t.changes.iter().rposition(|c| c.from_month <= m) {
            Some(j) => tx(i).key("changes").index(j).key("quantity"),
            None => tx(i).key("quantity"),
        };
        if let Some(m) = first_billed(below) {
            let kind = ProblemKind::BelowMinimum {
                service: service.name.clone(),
                minimum: service.minimum.value,
                device: service.unit == Unit::Device,
                month: m,
                has: totals.get(s, m),
            };
            p.push(at(m), kind, Rule::P3);
        }
        let (Some(base_index), Some(m)) = (base_of(s), first_billed(over)) else {
            continue;
        };
        let (service, base) = (service.name.clone(), book.services[base_index].name.clone());
        let kind = match totals.get(base_index, m) {
            0 => ProblemKind::AddOnWithoutBase {
                service,
                base,
                month: m,
            },
            base_has => ProblemKind::AddOnExceedsBase {
                service,
                base,
                month: m,
                has: totals.get(s, m),
                base_has,
            },
        };
        p.push(at(m), kind, Rule::I4);
    }
}

/// F2, T4: partner ids and their eligibility ranges. Returns the partner ids.
fn check_partners<'a>(q: &'a Quote, p: &mut Problems) -> HashSet<&'a str> {
    let mut ids = HashSet::new();
    for (i, partner) in q.partners.iter().enumerate() {
        let at = || JsonPath::item("partners", i);
        check_id(
            p,
            &|| at().key("id"),
            &partner.id,
            Missing::PartnerId,
            Thing::Partner,
            &mut ids,
        );
        for c in Condition::ALL {
            for (j, r) in partner.eligibility.ranges(c).iter().enumerate() {
                let here = || at().key("eligibility").key(condition_field(c)).index(j);
                if r.from_month == 0 {
                    p.push(here().key("from_month"), ProblemKind::MonthZero, Rule::F2);
                }
                if let Some(to) = r.to_month.filter(|&to| to < r.from_month) {
                    p.push(
                        here().key("to_month"),
                        ProblemKind::EndBeforeStart {
                            end: to,
                            start: r.from_month,
                        },
                        Rule::F2,
                    );
                }
            }
        }
    }
    ids
}

/// F6: each assignment covers a known service or transaction once, with changes in
/// month order inside the horizon naming known partners.
fn check_por(
    q: &Quote,
    book: &PriceBook,
    partners: &HashSet<&str>,
    months: &Months,
    p: &mut Problems,
) {
    let transactions: HashSet<&str> = q.transactions.iter().map(|t| t.id.as_str()).collect();
    let mut scopes = HashSet::new();
    for (i, a) in q.por.iter().enumerate() {
        let at = || JsonPath::item("por", i);
        match &a.scope {
            // A service the quote does not buy (yet) is fine: its POR waits for it.
            PorScope::Service(s) if book.service(s).is_none() => {
                p.push(
                    at().key("scope").key("service"),
                    ProblemKind::Unknown {
                        what: Thing::Service,
                        id: s.clone(),
                    },
                    Rule::F6,
                );
            }
            PorScope::Transaction(t) if !transactions.contains(t.as_str()) => {
                let kind = ProblemKind::Unknown {
                    what: Thing::Transaction,
                    id: t.clone(),
                };
                p.push(at().key("scope").key("transaction"), kind, Rule::F6);
            }
            _ => {}
        }
        if !scopes.insert(&a.scope) {
            p.push(at().key("scope"), ProblemKind::DuplicateScope, Rule::F6);
        }
        if a.changes.is_empty() {
            p.push(at().key("changes"), ProblemKind::NoPorChanges, Rule::F6);
        }
        for (j, c) in a.changes.iter().enumerate() {
            let here = || at().key("changes").index(j);
            let from = || here().key("from_month");
            let previous = j.checked_sub(1).map(|k| a.changes[k].from_month);
            if !p.check_increasing(from, Ordered::PorChanges, c.from_month, previous, Rule::F6) {
                months.check(p, from, c.from_month, 1, None, Rule::F6);
            }
            if let Some(partner) = c
                .partner
                .as_ref()
                .filter(|x| !partners.contains(x.as_str()))
            {
                p.push(
                    here().key("partner"),
                    ProblemKind::Unknown {
                        what: Thing::Partner,
                        id: partner.clone(),
                    },
                    Rule::F6,
                );
            }
        }
    }
}

/// S1: each service line has an id, a known partner, months inside the horizon, an
/// amount that is not negative and, for units that follow a transaction, a known one.
fn check_services(q: &Quote, partners: &HashSet<&str>, months: &Months, p: &mut Problems) {
    let mut ids = HashSet::new();
    for (i, line) in q.services.iter().enumerate() {
        let at = || JsonPath::item("services", i);
        check_id(
            p,
            &|| at().key("id"),
            &line.id,
            Missing::ServiceLineId,
            Thing::ServiceLine,
            &mut ids,
        );
        if !partners.contains(line.partner.as_str()) {
            p.push(
                at().key("partner"),
                ProblemKind::Unknown {
                    what: Thing::Partner,
                    id: line.partner.clone(),
                },
                Rule::S1,
            );
        }
        let price = || at().key("price");
        match line.price.schedule() {
            Schedule::Once { month } => {
                months.check(p, || price().key("month"), month, 1, None, Rule::S1);
            }
            Schedule::Monthly {
                from_month,
                to_month,
            } => {
                months.check(
                    p,
                    || price().key("from_month"),
                    from_month,
                    1,
                    None,
                    Rule::S1,
                );
                match to_month {
                    Some(to) if to < from_month => {
                        p.push(
                            price().key("to_month"),
                            ProblemKind::EndBeforeStart {
                                end: to,
                                start: from_month,
                            },
                            Rule::S1,
                        );
                    }
                    Some(to) => months.check(p, || price().key("to_month"), to, 1, None, Rule::S1),
                    None => {}
                }
            }
        }
        let (amount, units) = line.price.price_and_units();
        if amount.is_sign_negative() && !amount.is_zero() {
            let field = if units.is_some() {
                "unit_price"
            } else {
                "amount"
            };
            p.push(price().key(field), ProblemKind::NegativeAmount, Rule::S1);
        }
        if let Some(Units::Follow { transaction }) = units {
            if q.transaction(transaction).is_none() {
                let kind = ProblemKind::Unknown {
                    what: Thing::Transaction,
                    id: transaction.clone(),
                };
                p.push(price().key("units").key("transaction"), kind, Rule::S1);
            }
        }
    }
}
