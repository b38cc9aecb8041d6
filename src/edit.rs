//! Edits to the quote that touch more than one value: adding, duplicating and removing
//! rows, schedules, ranges and lines, keeping Partner of Record assignments pointing at
//! things that exist, and the customer form's few numbers spread over the transactions.
//!
//! Pure functions on the engine's `Quote`, so they are tested natively and the
//! components only say *which* edit the user asked for.

use licalc_engine::quote::PorScope;
#[cfg(feature = "partner")]
use licalc_engine::quote::{
    Condition, Eligibility, MonthRange, Override, Partner, QuantityChange, ServiceCategory,
    ServiceLine, ServicePrice, TrueUp,
};
use licalc_engine::{PriceBook, Quote, Transaction, Unit};
#[cfg(feature = "partner")]
use rust_decimal::Decimal;

/// `prefix` followed by the smallest number not yet used by an id in `existing`.
pub fn next_id<'a>(existing: impl Iterator<Item = &'a str> + Clone, prefix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !existing.clone().any(|e| e == id))
        .unwrap_or_else(|| prefix.to_string())
}

fn next_transaction_id(q: &Quote) -> String {
    next_id(q.transactions.iter().map(|t| t.id.as_str()), "t")
}

#[cfg(feature = "partner")]
fn position(q: &Quote, id: &str) -> Option<usize> {
    q.transactions.iter().position(|t| t.id == id)
}

#[cfg(feature = "partner")]
/// A new row: the book's first service, from month 1.
pub fn add_transaction(q: &mut Quote, book: &PriceBook) {
    let Some(service) = book.services.first() else {
        return;
    };
    let id = next_transaction_id(q);
    q.transactions.push(Transaction::new(
        id,
        service.id.clone(),
        service.minimum.value.max(10),
    ));
}

#[cfg(feature = "partner")]
/// A copy of a row, placed after it, with its own id.
pub fn duplicate_transaction(q: &mut Quote, id: &str) {
    let Some(i) = position(q, id) else {
        return;
    };
    let mut copy = q.transactions[i].clone();
    copy.id = next_transaction_id(q);
    q.transactions.insert(i + 1, copy);
}

#[cfg(feature = "partner")]
/// F7: seats added later are a new transaction of the same service, starting later, with
/// their own first year (F3) and POR. Starts 12 months after the row (within the horizon).
pub fn add_seats_later(q: &mut Quote, id: &str) {
    let Some(i) = position(q, id) else {
        return;
    };
    let t = &q.transactions[i];
    let start = t
        .start_month
        .saturating_add(12)
        .min(q.horizon_months.max(1));
    let seats = Transaction {
        start_month: start,
        end_month: t.end_month.filter(|&e| e >= start),
        ..Transaction::new(next_transaction_id(q), t.service.clone(), 10)
    };
    // After the last row of this service, so added seats read in order.
    let at = q
        .transactions
        .iter()
        .rposition(|x| x.service == seats.service)
        .map_or(q.transactions.len(), |p| p + 1);
    q.transactions.insert(at, seats);
}

#[cfg(feature = "partner")]
pub fn remove_transaction(q: &mut Quote, id: &str) {
    q.transactions.retain(|t| t.id != id);
    tidy(q);
}

#[cfg(feature = "partner")]
/// Changes a row's service. Step-Up units and SA-covered devices only mean something for
/// services with a Step-Up price (P5) or a Client SA credit (I3), so they are cleared
/// otherwise. POR assignments stay as the user made them: one for a service the quote no
/// longer buys is valid and waits for it (F6).
pub fn set_service(q: &mut Quote, book: &PriceBook, id: &str, service: &str) {
    let Some(t) = q.transactions.iter_mut().find(|t| t.id == id) else {
        return;
    };
    t.service = service.to_string();
    if let Some(s) = book.service(service) {
        let (step, credit) = (s.step_up_price.is_some(), s.sa_credit.is_some());
        if !step {
            t.step_up_units = 0;
        }
        if !credit {
            t.sa_covered_devices = 0;
        }
        for c in &mut t.changes {
            c.step_up_units = c.step_up_units.filter(|_| step);
            c.sa_covered_devices = c.sa_covered_devices.filter(|_| credit);
        }
    }
}

/// Assignments and service lines that name a transaction no longer in the quote go with it.
fn tidy(q: &mut Quote) {
    let ids: Vec<String> = q.transactions.iter().map(|t| t.id.clone()).collect();
    q.por.retain(|a| match &a.scope {
        PorScope::Service(_) => true,
        PorScope::Transaction(t) => ids.contains(t),
    });
}

#[cfg(feature = "partner")]
/// T3: a change of quantity after the last one (or after the start), with the
/// quantity in force then, so the user edits the month and the new quantity.
pub fn add_change(q: &mut Quote, id: &str) {
    let h = q.horizon_months;
    let Some(t) = q.transactions.iter_mut().find(|t| t.id == id) else {
        return;
    };
    let (last_month, quantity) = t
        .changes
        .last()
        .map_or((t.start_month, t.quantity), |c| (c.from_month, c.quantity));
    let from_month = last_month
        .saturating_add(6)
        .min(h.max(2))
        .max(last_month.saturating_add(1));
    t.changes.push(QuantityChange::new(from_month, quantity));
}

#[cfg(feature = "partner")]
pub fn remove_change(q: &mut Quote, id: &str, j: usize) {
    if let Some(t) = q.transactions.iter_mut().find(|t| t.id == id) {
        if j < t.changes.len() {
            t.changes.remove(j);
        }
    }
}

#[cfg(feature = "partner")]
pub fn add_partner(q: &mut Quote) {
    let id = next_id(q.partners.iter().map(|p| p.id.as_str()), "partner-");
    let n = q.partners.len() + 1;
    q.partners.push(Partner {
        id,
        name: format!("Partner {n}"),
        eligibility: Eligibility::always(),
    });
}

#[cfg(feature = "partner")]
/// Removes a partner; POR changes naming it become "no POR" from that month (F6), so the
/// timeline keeps its shape and the fees show as forfeited rather than vanish silently.
/// Its service lines go with it.
pub fn remove_partner(q: &mut Quote, id: &str) {
    q.partners.retain(|p| p.id != id);
    for c in q.por.iter_mut().flat_map(|a| &mut a.changes) {
        if c.partner.as_deref() == Some(id) {
            c.partner = None;
        }
    }
    q.services.retain(|s| s.partner != id);
}

#[cfg(feature = "partner")]
/// T4: another range of months for one of a partner's conditions (a renewal), starting
/// after the last one ends.
pub fn add_range(q: &mut Quote, partner: &str, c: Condition) {
    let Some(p) = q.partners.iter_mut().find(|p| p.id == partner) else {
        return;
    };
    let ranges = p.eligibility.ranges_mut(c);
    let from = ranges
        .last()
        .map_or(1, |r| r.to_month.unwrap_or(r.from_month).saturating_add(1));
    ranges.push(MonthRange::from(from));
}

#[cfg(feature = "partner")]
pub fn remove_range(q: &mut Quote, partner: &str, c: Condition, j: usize) {
    if let Some(p) = q.partners.iter_mut().find(|p| p.id == partner) {
        let ranges = p.eligibility.ranges_mut(c);
        if j < ranges.len() {
            ranges.remove(j);
        }
    }
}

#[cfg(feature = "partner")]
/// T5: a true-up at the next EA anniversary, with the count in force.
pub fn add_true_up(q: &mut Quote) {
    let c = &mut q.customer;
    let (year, qualified) = c
        .true_ups
        .last()
        .map_or((2, c.qualified), |t| (t.ea_year + 1, t.qualified));
    c.true_ups.push(TrueUp {
        ea_year: year,
        qualified,
    });
}

#[cfg(feature = "partner")]
pub fn remove_true_up(q: &mut Quote, j: usize) {
    if j < q.customer.true_ups.len() {
        q.customer.true_ups.remove(j);
    }
}

#[cfg(feature = "partner")]
/// S1: a new line for the first partner (or none yet: the user picks one).
pub fn add_service_line(q: &mut Quote, category: ServiceCategory) {
    let id = next_id(q.services.iter().map(|s| s.id.as_str()), "s");
    let partner = q.partners.first().map(|p| p.id.clone()).unwrap_or_default();
    let price = match category {
        ServiceCategory::ManagedServices => ServicePrice::Monthly {
            from_month: 1,
            to_month: None,
            amount: Decimal::new(25000, 2),
        },
        _ => ServicePrice::Fixed {
            month: 1,
            amount: Decimal::new(100000, 2),
        },
    };
    q.services.push(ServiceLine {
        id,
        partner,
        category,
        description: String::new(),
        price,
    });
}

#[cfg(feature = "partner")]
pub fn remove_service_line(q: &mut Quote, id: &str) {
    q.services.retain(|s| s.id != id);
}

#[cfg(feature = "partner")]
/// C1: sets (or replaces) this quote's override of one price book figure.
pub fn set_override(q: &mut Quote, figure: &str, value: &str) {
    match q.overrides.iter_mut().find(|o| o.figure == figure) {
        Some(o) => o.value = value.to_string(),
        None => q.overrides.push(Override {
            figure: figure.to_string(),
            value: value.to_string(),
        }),
    }
}

#[cfg(feature = "partner")]
pub fn reset_override(q: &mut Quote, figure: &str) {
    q.overrides.retain(|o| o.figure != figure);
}

/// The customer form: a few numbers spread over one transaction per chosen service.
pub mod form {
    use super::*;

    /// What the short form shows for a quote.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct Form {
        /// The services the quote buys, in book order.
        pub services: Vec<String>,
        pub users: Option<u32>,
        pub pcs: Option<u32>,
        pub sa_pcs: u32,
        pub step_up: u32,
        /// The form shows the whole quote: one transaction per service from month 1,
        /// no schedule, all per-user services for the same users (likewise devices).
        pub simple: bool,
    }

    fn unit(book: &PriceBook, t: &Transaction) -> Option<Unit> {
        book.service(&t.service).map(|s| s.unit)
    }

    pub fn read(q: &Quote, book: &PriceBook) -> Form {
        let of = |u: Unit| {
            q.transactions
                .iter()
                .filter(move |t| unit(book, t) == Some(u))
        };
        let count = |u: Unit| of(u).next().map(|t| t.quantity);
        let mut services: Vec<String> = book
            .services
            .iter()
            .filter(|s| q.transactions.iter().any(|t| t.service == s.id))
            .map(|s| s.id.clone())
            .collect();
        services.dedup();
        let same = |u: Unit| of(u).all(|t| Some(t.quantity) == count(u));
        let simple = services.len() == q.transactions.len()
            && same(Unit::User)
            && same(Unit::Device)
            && q.transactions
                .iter()
                .all(|t| t.start_month == 1 && t.end_month.is_none() && t.changes.is_empty());
        Form {
            services,
            users: count(Unit::User),
            pcs: count(Unit::Device),
            sa_pcs: q
                .transactions
                .iter()
                .map(|t| t.sa_covered_devices)
                .max()
                .unwrap_or(0),
            step_up: of(Unit::User).map(|t| t.step_up_units).max().unwrap_or(0),
            simple,
        }
    }

    /// Adds or removes a service: one transaction of it, at the form's count for its
    /// unit. An add-on comes with what it needs (I4: MDOP with Windows Intune) and
    /// goes when that goes.
    pub fn set_service(
        q: &mut Quote,
        book: &PriceBook,
        service: &str,
        on: bool,
        users: u32,
        pcs: u32,
    ) {
        let Some(s) = book.service(service) else {
            return;
        };
        if !on {
            q.transactions.retain(|t| {
                t.service != service
                    && book.service(&t.service).and_then(|x| x.requires.as_deref()) != Some(service)
            });
            super::tidy(q);
            return;
        }
        if let Some(base) = &s.requires {
            set_service(q, book, base, true, users, pcs);
        }
        if q.transactions.iter().any(|t| t.service == service) {
            return;
        }
        let f = read(q, book);
        let mut t = Transaction::new(
            super::next_transaction_id(q),
            service,
            if s.unit == Unit::Device { pcs } else { users },
        );
        if s.sa_credit.is_some() {
            t.sa_covered_devices = f.sa_pcs;
        }
        if s.step_up_price.is_some() {
            t.step_up_units = f.step_up;
        }
        // In book order, as the form lists them.
        let rank = |id: &str| book.service_index(id).unwrap_or(usize::MAX);
        let at = q
            .transactions
            .iter()
            .position(|x| rank(&x.service) > rank(service))
            .unwrap_or(q.transactions.len());
        q.transactions.insert(at, t);
    }

    /// Sets the count of every transaction of a unit (users or PCs).
    pub fn set_count(q: &mut Quote, book: &PriceBook, u: Unit, n: u32) {
        for t in q
            .transactions
            .iter_mut()
            .filter(|t| unit(book, t) == Some(u))
        {
            t.quantity = n;
        }
    }

    /// I3: PCs covered by Windows Client SA, on every service with a credit.
    pub fn set_sa_pcs(q: &mut Quote, book: &PriceBook, n: u32) {
        for t in &mut q.transactions {
            if book
                .service(&t.service)
                .is_some_and(|s| s.sa_credit.is_some())
            {
                t.sa_covered_devices = n;
            }
        }
    }

    /// P5: users already licensed with SA, on every per-user service with a Step-Up price.
    pub fn set_step_up(q: &mut Quote, book: &PriceBook, n: u32) {
        for t in &mut q.transactions {
            if book
                .service(&t.service)
                .is_some_and(|s| s.step_up_price.is_some() && s.unit == Unit::User)
            {
                t.step_up_units = n;
            }
        }
    }
}

/// A new quote starts this month (T2), made with the shipped price book.
pub fn new_quote() -> Quote {
    let d = js_sys::Date::new_0();
    let book = licalc_engine::PriceBook::shipped();
    Quote {
        start: licalc_engine::quote::CalendarMonth::new(d.get_full_year(), d.get_month() + 1),
        price_book: Some(licalc_engine::quote::BookRef {
            id: book.id.clone(),
            version: book.version.clone(),
        }),
        ..Quote::empty()
    }
}

#[cfg(all(test, feature = "partner"))]
mod tests {
    use super::*;
    use licalc_engine::compute;

    fn book() -> PriceBook {
        PriceBook::default_book()
    }

    #[test]
    fn new_ids_are_unique() {
        let mut q = Quote::example();
        add_transaction(&mut q, &book());
        duplicate_transaction(&mut q, "t1");
        let ids: std::collections::HashSet<_> =
            q.transactions.iter().map(|t| t.id.clone()).collect();
        assert_eq!(ids.len(), q.transactions.len());
        assert_eq!(q.transactions[1].id, "t6", "the copy follows its original");
    }

    #[test]
    fn f7_seats_later_are_a_new_transaction_of_the_same_service() {
        let mut q = Quote::example();
        add_seats_later(&mut q, "t2");
        let t = q.transaction("t5").unwrap();
        assert_eq!((t.service.as_str(), t.start_month), ("intune", 13));
        assert!(compute(&book(), &q).is_ok());
    }

    #[test]
    fn t3_a_change_is_added_after_the_last_and_removed_again() {
        let mut q = Quote::example();
        add_change(&mut q, "t1");
        add_change(&mut q, "t1");
        let months: Vec<u32> = q
            .transaction("t1")
            .unwrap()
            .changes
            .iter()
            .map(|c| c.from_month)
            .collect();
        assert_eq!(months, [7, 13]);
        assert!(
            compute(&book(), &q).is_ok(),
            "the same quantity from then on: valid"
        );
        remove_change(&mut q, "t1", 0);
        assert_eq!(q.transaction("t1").unwrap().changes.len(), 1);
    }

    #[test]
    fn t4_t5_ranges_and_true_ups_are_added_after_the_last() {
        let mut q = Quote::example();
        q.partners[0].eligibility.agreement[0].to_month = Some(12);
        add_range(&mut q, "northwind", Condition::Agreement);
        assert_eq!(q.partners[0].eligibility.agreement[1], MonthRange::from(13));
        add_true_up(&mut q);
        add_true_up(&mut q);
        let years: Vec<u32> = q.customer.true_ups.iter().map(|t| t.ea_year).collect();
        assert_eq!(years, [2, 3]);
        assert!(compute(&book(), &q).is_ok());
        remove_range(&mut q, "northwind", Condition::Agreement, 1);
        remove_true_up(&mut q, 0);
        assert_eq!(
            (
                q.partners[0].eligibility.agreement.len(),
                q.customer.true_ups.len()
            ),
            (1, 1)
        );
    }

    #[test]
    fn s1_a_service_line_is_added_for_the_first_partner_and_goes_with_it() {
        let mut q = Quote::example();
        add_service_line(&mut q, ServiceCategory::ManagedServices);
        assert_eq!(q.services[0].partner, "northwind");
        assert!(compute(&book(), &q).is_ok());
        remove_partner(&mut q, "northwind");
        assert!(q.services.is_empty());
    }

    #[test]
    fn removing_a_row_removes_its_own_por_assignment_only() {
        let mut q = Quote::example();
        q.por.push(licalc_engine::quote::PorAssignment {
            scope: PorScope::Transaction("t3".into()),
            changes: vec![licalc_engine::quote::PorChange {
                from_month: 1,
                partner: Some("fabrikam".into()),
            }],
        });
        remove_transaction(&mut q, "t3");
        assert!(!q
            .por
            .iter()
            .any(|a| a.scope == PorScope::Transaction("t3".into())));
        assert!(
            q.por
                .iter()
                .any(|a| a.scope == PorScope::Service("mdop".into())),
            "kept for later (F6)"
        );
        assert!(compute(&book(), &q).is_ok());
    }

    #[test]
    fn changing_a_service_clears_what_the_new_one_cannot_have() {
        let mut q = Quote::example();
        set_service(&mut q, &book(), "t2", "bpos-deskless");
        let t = &q.transactions[1];
        assert_eq!(
            (t.service.as_str(), t.sa_covered_devices),
            ("bpos-deskless", 0)
        );
        set_service(&mut q, &book(), "t3", "intune");
        assert!(compute(&book(), &q).is_ok());
    }

    #[test]
    fn removing_a_partner_leaves_no_dangling_por() {
        let mut q = Quote::example();
        remove_partner(&mut q, "fabrikam");
        assert!(compute(&book(), &q).is_ok());
    }

    #[test]
    fn the_customer_form_builds_a_simple_quote_in_a_few_edits() {
        let b = book();
        let mut q = Quote::empty();
        form::set_service(&mut q, &b, "bpos-standard", true, 25, 30);
        form::set_service(&mut q, &b, "mdop", true, 25, 30);
        let f = form::read(&q, &b);
        assert_eq!(
            f.services,
            ["bpos-standard", "intune", "mdop"],
            "MDOP brings Windows Intune (I4)"
        );
        assert_eq!((f.users, f.pcs, f.simple), (Some(25), Some(30), true));
        form::set_count(&mut q, &b, Unit::Device, 40);
        form::set_sa_pcs(&mut q, &b, 10);
        let r = compute(&b, &q).unwrap();
        // 25 x 10.00 + (30 x 11.00 + 10 x 9.00) + 40 x 1.00: 10 of the 40 PCs have Client SA (I3).
        assert_eq!(r.comparison.first_month.mosp.to_string(), "710.00");
        form::set_service(&mut q, &b, "intune", false, 25, 40);
        assert_eq!(
            form::read(&q, &b).services,
            ["bpos-standard"],
            "MDOP goes with Windows Intune"
        );
        let mut example = Quote::example();
        assert!(
            !form::read(&example, &b).simple,
            "two BPOS transactions, one from month 13"
        );
        form::set_count(&mut example, &b, Unit::User, 10);
        assert!(example
            .transactions
            .iter()
            .filter(|t| t.service == "bpos-standard")
            .all(|t| t.quantity == 10));
    }
}
