//! Quote format 1, read only: the first format, which files and exports made before
//! format 2 use. [`QuoteV1::migrate`] turns one into format 2 losslessly: every field
//! has an equal in format 2, and a test keeps every format-1 example pricing to the cent
//! as before (`engine/tests/formats.rs`).

use super::{
    BookRef, Customer, Eligibility, MonthRange, Override, Partner, PorAssignment, Quote,
    Transaction, QUOTE_FORMAT,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteV1 {
    /// Read to refuse a document without it; the reader was chosen by it already.
    #[serde(rename = "format")]
    _format: u32,
    #[serde(default)]
    price_book: Option<BookRef>,
    customer: CustomerV1,
    #[serde(default = "super::default_horizon")]
    horizon_months: u32,
    transactions: Vec<TransactionV1>,
    #[serde(default)]
    partners: Vec<PartnerV1>,
    #[serde(default)]
    por: Vec<PorAssignment>,
    #[serde(default)]
    overrides: Vec<Override>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomerV1 {
    #[serde(default)]
    name: String,
    agreement: super::Agreement,
    #[serde(default)]
    qualified: u32,
    #[serde(default)]
    cancel_month: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TransactionV1 {
    id: String,
    service: String,
    quantity: u32,
    #[serde(default = "super::first_month")]
    start_month: u32,
    #[serde(default)]
    end_month: Option<u32>,
    #[serde(default)]
    step_up_units: u32,
    #[serde(default)]
    sa_covered_devices: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerV1 {
    id: String,
    #[serde(default)]
    name: String,
    eligibility: EligibilityV1,
}

/// Format 1's F2: one range per condition, and the assessment as a month from which it
/// is passed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EligibilityV1 {
    #[serde(default)]
    membership: Option<MonthRange>,
    #[serde(default)]
    agreement: Option<MonthRange>,
    #[serde(default)]
    assessment_passed_month: Option<u32>,
}

impl QuoteV1 {
    /// The same quote in the current format: a range becomes a list of one range, the
    /// assessment month an open range from it; nothing else changes.
    pub fn migrate(self) -> Quote {
        Quote {
            format: QUOTE_FORMAT,
            price_book: self.price_book,
            start: None,
            customer: Customer {
                name: self.customer.name,
                agreement: self.customer.agreement,
                qualified: self.customer.qualified,
                true_ups: Vec::new(),
                cancel_month: self.customer.cancel_month,
            },
            horizon_months: self.horizon_months,
            switch_month: None,
            transactions: self
                .transactions
                .into_iter()
                .map(|t| Transaction {
                    id: t.id,
                    service: t.service,
                    quantity: t.quantity,
                    start_month: t.start_month,
                    end_month: t.end_month,
                    step_up_units: t.step_up_units,
                    sa_covered_devices: t.sa_covered_devices,
                    changes: Vec::new(),
                })
                .collect(),
            partners: self
                .partners
                .into_iter()
                .map(|p| Partner {
                    id: p.id,
                    name: p.name,
                    eligibility: Eligibility {
                        membership: p.eligibility.membership.into_iter().collect(),
                        agreement: p.eligibility.agreement.into_iter().collect(),
                        assessment: p
                            .eligibility
                            .assessment_passed_month
                            .map(MonthRange::from)
                            .into_iter()
                            .collect(),
                    },
                })
                .collect(),
            por: self.por,
            services: Vec::new(),
            overrides: self.overrides,
        }
    }
}
