//! Edits to the quote that touch more than one value: adding, duplicating and removing
//! rows, and keeping Partner of Record assignments pointing at things that exist.
//!
//! Pure functions on the engine's `Quote`, so they are tested natively and the
//! components only say *which* edit the user asked for.

use licalc_engine::quote::{Eligibility, Override, Partner, PorScope};
use licalc_engine::{PriceBook, Quote, Transaction};

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

/// A new row: the book's first service, from month 1.
pub fn add_transaction(q: &mut Quote, book: &PriceBook) {
    let Some(service) = book.services.first() else {
        return;
    };
    let quantity = service.minimum.value.max(10);
    let id = next_transaction_id(q);
    q.transactions.push(Transaction {
        id,
        service: service.id.clone(),
        quantity,
        start_month: 1,
        end_month: None,
        step_up_units: 0,
        sa_covered_devices: 0,
    });
}

/// A copy of a row, placed after it, with its own id.
pub fn duplicate_transaction(q: &mut Quote, id: &str) {
    let Some(i) = q.transactions.iter().position(|t| t.id == id) else {
        return;
    };
    let mut copy = q.transactions[i].clone();
    copy.id = next_transaction_id(q);
    q.transactions.insert(i + 1, copy);
}

/// F7: seats added later are a new transaction of the same service, starting later, with
/// their own first year (F3) and POR. Starts 12 months after the row (within the horizon).
pub fn add_seats_later(q: &mut Quote, id: &str) {
    let Some(i) = q.transactions.iter().position(|t| t.id == id) else {
        return;
    };
    let t = &q.transactions[i];
    let start = t
        .start_month
        .saturating_add(12)
        .min(q.horizon_months.max(1));
    let seats = Transaction {
        id: next_transaction_id(q),
        service: t.service.clone(),
        quantity: 10,
        start_month: start,
        end_month: t.end_month.filter(|&e| e >= start),
        step_up_units: 0,
        sa_covered_devices: 0,
    };
    // After the last row of this service, so added seats read in order.
    let at = q
        .transactions
        .iter()
        .rposition(|x| x.service == seats.service)
        .map_or(q.transactions.len(), |p| p + 1);
    q.transactions.insert(at, seats);
}

pub fn remove_transaction(q: &mut Quote, id: &str) {
    q.transactions.retain(|t| t.id != id);
    tidy_por(q);
}

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
        if s.step_up_price.is_none() {
            t.step_up_units = 0;
        }
        if s.sa_credit.is_none() {
            t.sa_covered_devices = 0;
        }
    }
}

/// F6: drops the POR assignments of transactions that no longer exist.
pub fn tidy_por(q: &mut Quote) {
    let ids: std::collections::HashSet<String> =
        q.transactions.iter().map(|t| t.id.clone()).collect();
    q.por.retain(|a| match &a.scope {
        PorScope::Service(_) => true,
        PorScope::Transaction(t) => ids.contains(t),
    });
}

pub fn add_partner(q: &mut Quote) {
    let id = next_id(q.partners.iter().map(|p| p.id.as_str()), "partner-");
    let n = q.partners.len() + 1;
    q.partners.push(Partner {
        id,
        name: format!("Partner {n}"),
        eligibility: Eligibility::always(),
    });
}

/// Removes a partner; POR changes naming it become "no POR" from that month (F6), so the
/// timeline keeps its shape and the fees show as forfeited rather than vanish silently.
pub fn remove_partner(q: &mut Quote, id: &str) {
    q.partners.retain(|p| p.id != id);
    for a in &mut q.por {
        for c in &mut a.changes {
            if c.partner.as_deref() == Some(id) {
                c.partner = None;
            }
        }
    }
}

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

pub fn reset_override(q: &mut Quote, figure: &str) {
    q.overrides.retain(|o| o.figure != figure);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> PriceBook {
        PriceBook::default_book()
    }

    #[test]
    fn new_ids_are_unique() {
        let mut q = Quote::default_quote();
        add_transaction(&mut q, &book());
        duplicate_transaction(&mut q, "t1");
        let ids: std::collections::HashSet<_> =
            q.transactions.iter().map(|t| t.id.clone()).collect();
        assert_eq!(ids.len(), q.transactions.len());
        assert_eq!(q.transactions[1].id, "t6", "the copy follows its original");
    }

    #[test]
    fn f7_seats_later_are_a_new_transaction_of_the_same_service() {
        let mut q = Quote::default_quote();
        add_seats_later(&mut q, "t2");
        let t = q.transactions.iter().find(|t| t.id == "t5").unwrap();
        assert_eq!((t.service.as_str(), t.start_month), ("intune", 13));
        assert!(licalc_engine::compute(&book(), &q).is_ok());
    }

    #[test]
    fn removing_a_row_removes_its_own_por_assignment_only() {
        let mut q = Quote::default_quote();
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
        assert!(licalc_engine::compute(&book(), &q).is_ok());
    }

    #[test]
    fn changing_a_service_clears_what_the_new_one_cannot_have() {
        let mut q = Quote::default_quote();
        set_service(&mut q, &book(), "t2", "bpos-deskless");
        let t = &q.transactions[1];
        assert_eq!(
            (t.service.as_str(), t.sa_covered_devices),
            ("bpos-deskless", 0)
        );
        set_service(&mut q, &book(), "t3", "intune");
        assert!(licalc_engine::compute(&book(), &q).is_ok());
    }

    #[test]
    fn removing_a_partner_leaves_no_dangling_por() {
        let mut q = Quote::default_quote();
        remove_partner(&mut q, "fabrikam");
        assert!(licalc_engine::compute(&book(), &q).is_ok());
    }
}
