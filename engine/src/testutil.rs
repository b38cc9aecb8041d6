//! Builders shared by the unit tests: a quote in a line, a decimal from a literal.

use crate::quote::{
    Agreement, Customer, Eligibility, Partner, PorAssignment, PorChange, PorScope, Quote,
    Transaction,
};
use crate::{compute, PriceBook, QuoteResult};
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test literal")
}

pub fn tx(id: &str, service: &str, quantity: u32) -> Transaction {
    Transaction::new(id, service, quantity)
}

pub fn partner(id: &str) -> Partner {
    Partner {
        id: id.into(),
        name: format!("Partner {id}"),
        eligibility: Eligibility::always(),
    }
}

/// `partner` is POR of `service` from month 1 (and from each later month given).
pub fn por(service: &str, changes: &[(u32, &str)]) -> PorAssignment {
    PorAssignment {
        scope: PorScope::Service(service.into()),
        changes: changes
            .iter()
            .map(|&(m, p)| PorChange {
                from_month: m,
                partner: Some(p.into()),
            })
            .collect(),
    }
}

/// An EA customer at level A, a 36-month horizon, partner A eligible throughout and
/// POR of every service bought.
pub fn quote(transactions: Vec<Transaction>) -> Quote {
    let mut services: Vec<String> = transactions.iter().map(|t| t.service.clone()).collect();
    services.dedup();
    Quote {
        customer: Customer {
            name: "Test".into(),
            agreement: Agreement::Ea,
            qualified: 300,
            ..Customer::default()
        },
        por: services.iter().map(|s| por(s, &[(1, "A")])).collect(),
        transactions,
        partners: vec![partner("A")],
        ..Quote::empty()
    }
}

pub fn run(q: &Quote) -> QuoteResult {
    compute(&PriceBook::default_book(), q).unwrap_or_else(|p| panic!("{p:?}"))
}

/// The charge row of transaction `tx` in `month` on a plan: the run that covers it.
pub fn row<'a>(runs: &'a [crate::ChargeRun], tx: &str, month: u32) -> &'a crate::ChargeRun {
    runs.iter()
        .find(|r| &*r.transaction == tx && r.contains(month))
        .unwrap_or_else(|| panic!("no row for {tx} in month {month}"))
}

/// The problems of a quote as `(path, plain message)`.
pub fn problems(q: &Quote) -> Vec<(String, String)> {
    match compute(&PriceBook::default_book(), q) {
        Ok(_) => vec![],
        Err(p) => p
            .into_iter()
            .map(|p| (p.path.to_string(), crate::describe::problem(&p).plain()))
            .collect(),
    }
}

pub fn has(ps: &[(String, String)], path: &str, text: &str) -> bool {
    ps.iter().any(|(p, m)| p == path && m.contains(text))
}
