//! Builders shared by the unit tests: a quote in a line, a decimal from a literal.

use crate::quote::{
    Agreement, Customer, Eligibility, Partner, PorAssignment, PorChange, PorScope, Quote,
    Transaction, QUOTE_FORMAT,
};
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test literal")
}

pub fn tx(id: &str, service: &str, quantity: u32) -> Transaction {
    Transaction {
        id: id.into(),
        service: service.into(),
        quantity,
        start_month: 1,
        end_month: None,
        step_up_units: 0,
        sa_covered_devices: 0,
    }
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
        format: QUOTE_FORMAT,
        price_book: None,
        customer: Customer {
            name: "Test".into(),
            agreement: Agreement::Ea,
            qualified: 300,
            cancel_month: None,
        },
        horizon_months: 36,
        por: services.iter().map(|s| por(s, &[(1, "A")])).collect(),
        transactions,
        partners: vec![partner("A")],
        overrides: vec![],
    }
}
