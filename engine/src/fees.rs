//! Partner of Record fees (F1-F9), taken from the MOSP charge rows: one fee row per
//! partner, transaction, month and fee type (M4), summaries that are sums of rows (M5).

use crate::book::PriceBook;
use crate::money::{self, Overflow};
use crate::pricing::ChargeRow;
use crate::quote::{PorAssignment, PorScope, Quote, Transaction};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// F3: 12% of the transaction's first year, to the POR at its start.
    Transaction,
    /// F4: 6% of every month, to that month's POR, evergreen.
    Residual,
}

/// Which POR assignment decided who gets a fee (F6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PorBasis {
    /// `service` or `transaction`: the scope of the assignment that applied.
    pub scope: &'static str,
    pub id: Arc<str>,
    /// The change (its month) that made this partner POR.
    pub from_month: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeRow {
    pub partner: Arc<str>,
    pub transaction: Arc<str>,
    pub service: Arc<str>,
    pub month: u32,
    pub kind: FeeKind,
    pub rate: Decimal,
    /// The MOSP charge row this fee is taken from.
    pub charge: Decimal,
    /// M4: `round(rate x charge)`.
    pub amount: Decimal,
    pub por: PorBasis,
    pub rules: &'static [&'static str],
}

impl FeeRow {
    pub fn explain(&self) -> String {
        let (what, rule) = match self.kind {
            FeeKind::Transaction => (
                "transaction fee: POR when the transaction started, for its first year",
                "F3",
            ),
            FeeKind::Residual => ("residual fee: POR in this month", "F4"),
        };
        format!(
            "{what} ({rule}, {} assignment of {} from month {}, F6): round({} x {}) = {} (M4)",
            self.por.scope,
            self.por.id,
            self.por.from_month,
            self.rate.normalize(),
            self.charge,
            self.amount
        )
    }
}

/// Why a fee goes to nobody.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForfeitCause {
    /// No Partner of Record for the transaction (at its start, for F3; in the month, for F4).
    NoPor,
    /// The POR lacks an eligibility condition in the month (F2).
    NotEligible,
}

/// A fee nobody earns, and why (F2: "that fee goes to nobody").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForfeitedFee {
    pub transaction: Arc<str>,
    pub month: u32,
    pub kind: FeeKind,
    /// The partner who would have earned it, if there was a POR.
    pub partner: Option<Arc<str>>,
    /// What the fee would have been.
    pub amount: Decimal,
    pub cause: ForfeitCause,
    /// For `NotEligible`: the conditions the partner lacks in that month (F2).
    pub missing: Vec<&'static str>,
    pub reason: String,
    pub rules: &'static [&'static str],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeMonth {
    pub month: u32,
    pub transaction: Decimal,
    pub residual: Decimal,
    /// `transaction + residual`: the height of the month's stacked bar.
    pub total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeYear {
    pub year: u32,
    pub transaction: Decimal,
    pub residual: Decimal,
    pub total: Decimal,
}

/// What one partner earns: every figure is a sum of that partner's fee rows (M5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerFees {
    pub id: String,
    pub name: String,
    pub transaction_fees: Decimal,
    pub residual_fees: Decimal,
    pub total: Decimal,
    /// F5: the first year of the horizon (months 1-12).
    pub year1_total: Decimal,
    /// The annuity: residual fees in the horizon's last month, which is what the partner
    /// keeps earning each month once every first year has passed and nothing changes.
    pub evergreen_monthly: Decimal,
    pub years: Vec<FeeYear>,
    /// F2: when the partner is eligible, in words: a fee row is earned only in such a
    /// month, so this is what let every one of the partner's rows be paid.
    pub eligibility: String,
    /// Month by month, for the chart of who earns what.
    pub months: Vec<FeeMonth>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeResult {
    /// F1: fees are earned on MOSP purchases only.
    pub applies_to: &'static str,
    /// F1: what the EA column says instead of zeros.
    pub ea_note: &'static str,
    pub partners: Vec<PartnerFees>,
    /// All partners' transaction fees (F3).
    pub transaction_total: Decimal,
    /// All partners' residual fees (F4).
    pub residual_total: Decimal,
    pub total: Decimal,
    pub forfeited_total: Decimal,
    /// The terms the fees were taken at (F9), from the effective price book, so that
    /// whoever shows the fees can say which rates applied.
    pub transaction_rate: Decimal,
    pub residual_rate: Decimal,
    pub first_year_months: u32,
    pub rows: Vec<FeeRow>,
    pub forfeited: Vec<ForfeitedFee>,
}

pub const EA_NOTE: &str = "Partner of Record fees are earned only on purchases through the customer portal (MOSP); EA purchases earn none in this model (F1).";

/// The assignments that apply to one transaction: its own first, then its service's (F6).
struct PorLookup<'a> {
    own: Option<&'a PorAssignment>,
    service: Option<&'a PorAssignment>,
}

impl PorLookup<'_> {
    /// The POR in a month and the change that made it so. A transaction's own assignment
    /// wins from its first change on; before that its service's assignment applies.
    fn at(&self, month: u32) -> Option<(Option<&str>, PorBasis)> {
        for a in [self.own, self.service].into_iter().flatten() {
            if let Some(c) = a.changes.iter().rev().find(|c| c.from_month <= month) {
                let (scope, id) = match &a.scope {
                    PorScope::Service(s) => ("service", s),
                    PorScope::Transaction(t) => ("transaction", t),
                };
                let basis = PorBasis {
                    scope,
                    id: Arc::from(id.as_str()),
                    from_month: c.from_month,
                };
                return Some((c.partner.as_deref(), basis));
            }
        }
        None
    }
}

pub(crate) fn compute_fees(
    book: &PriceBook,
    quote: &Quote,
    mosp_rows: &[ChargeRow],
) -> Result<FeeResult, Overflow> {
    let currency = book.currency;
    let h = quote.horizon_months;
    let tx_rate = book.por.transaction_rate.value;
    let res_rate = book.por.residual_rate.value;
    let first_year = book.por.first_year_months.value;
    let transactions: HashMap<&str, &Transaction> = quote
        .transactions
        .iter()
        .map(|t| (t.id.as_str(), t))
        .collect();
    let partners: HashMap<&str, usize> = quote
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let partner_ids: HashMap<&str, Arc<str>> = quote
        .partners
        .iter()
        .map(|p| (p.id.as_str(), Arc::from(p.id.as_str())))
        .collect();

    let mut rows = Vec::new();
    let mut forfeited = Vec::new();

    // Charge rows come in runs, one per transaction (see pricing::price_path).
    for run in mosp_rows.chunk_by(|a, b| Arc::ptr_eq(&a.transaction, &b.transaction)) {
        let Some(t) = transactions.get(&*run[0].transaction) else {
            continue;
        };
        let lookup = PorLookup {
            own: quote
                .por
                .iter()
                .find(|a| matches!(&a.scope, PorScope::Transaction(id) if *id == t.id)),
            service: quote
                .por
                .iter()
                .find(|a| matches!(&a.scope, PorScope::Service(id) if *id == t.service)),
        };
        let at_start = lookup.at(t.start_month);
        // Fee amounts depend only on the charge: reuse them while it does not change.
        let mut last: Option<(Decimal, Decimal, Decimal)> = None;
        // The partner looked up last: PORs change rarely, so skip the hash lookups.
        let mut cached: Option<(String, Arc<str>, Option<usize>)> = None;
        for charge in run {
            let m = charge.month;
            let (tx_fee, res_fee) = match last {
                Some((c, tf, rf)) if c == charge.amount => (tf, rf),
                _ => {
                    let tf = currency.round(money::mul(tx_rate, charge.amount)?);
                    let rf = currency.round(money::mul(res_rate, charge.amount)?);
                    last = Some((charge.amount, tf, rf));
                    (tf, rf)
                }
            };
            let mut decide = |kind: FeeKind,
                              rate: Decimal,
                              amount: Decimal,
                              por: Option<(Option<&str>, PorBasis)>| {
                let (earned, no_por, ineligible): (
                    &'static [&'static str],
                    &'static [&'static str],
                    &'static [&'static str],
                ) = match kind {
                    FeeKind::Transaction => (
                        &["F3", "F1", "F2", "F6", "M4"],
                        &["F3", "F6"],
                        &["F3", "F2"],
                    ),
                    FeeKind::Residual => (
                        &["F4", "F1", "F2", "F6", "M4"],
                        &["F4", "F6"],
                        &["F4", "F2"],
                    ),
                };
                let (partner, basis) = match por {
                    Some((Some(p), basis)) => (p, basis),
                    _ => {
                        let reason = match kind {
                            FeeKind::Transaction => {
                                format!("no Partner of Record when transaction {} started", t.id)
                            }
                            FeeKind::Residual => format!(
                                "no Partner of Record for transaction {} in month {m}",
                                t.id
                            ),
                        };
                        forfeited.push(ForfeitedFee {
                            transaction: charge.transaction.clone(),
                            month: m,
                            kind,
                            partner: None,
                            amount,
                            cause: ForfeitCause::NoPor,
                            missing: Vec::new(),
                            reason,
                            rules: no_por,
                        });
                        return;
                    }
                };
                let (id, index) = match &cached {
                    Some((name, id, index)) if *name == partner => (id.clone(), *index),
                    _ => {
                        let id = partner_ids
                            .get(partner)
                            .cloned()
                            .unwrap_or_else(|| Arc::from(partner));
                        let index = partners.get(partner).copied();
                        cached = Some((partner.to_string(), id.clone(), index));
                        (id, index)
                    }
                };
                let missing = index
                    .map(|i| quote.partners[i].eligibility.missing(m))
                    .unwrap_or_default();
                if !missing.is_empty() {
                    let name = index
                        .map(|i| quote.partners[i].name.as_str())
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or(partner);
                    let reason = format!(
                        "partner {name} is not eligible in month {m}: no {}",
                        missing.join(", no ")
                    );
                    forfeited.push(ForfeitedFee {
                        transaction: charge.transaction.clone(),
                        month: m,
                        kind,
                        partner: Some(id),
                        amount,
                        cause: ForfeitCause::NotEligible,
                        missing,
                        reason,
                        rules: ineligible,
                    });
                    return;
                }
                rows.push(FeeRow {
                    partner: id,
                    transaction: charge.transaction.clone(),
                    service: charge.service.clone(),
                    month: m,
                    kind,
                    rate,
                    charge: charge.amount,
                    amount,
                    por: basis,
                    rules: earned,
                });
            };
            // F3: the POR at the transaction's start keeps the whole first year (F7: each
            // transaction, including added seats, has its own).
            if m < t.start_month.saturating_add(first_year) {
                decide(FeeKind::Transaction, tx_rate, tx_fee, at_start.clone());
            }
            decide(FeeKind::Residual, res_rate, res_fee, lookup.at(m));
        }
    }

    let mut by_partner: Vec<Vec<&FeeRow>> = vec![Vec::new(); quote.partners.len()];
    for r in &rows {
        if let Some(&i) = partners.get(&*r.partner) {
            by_partner[i].push(r);
        }
    }
    let mut summaries = Vec::with_capacity(quote.partners.len());
    for (p, rows) in quote.partners.iter().zip(by_partner) {
        let mut s = summarise(currency.zero(), &p.id, &p.name, h, rows.into_iter())?;
        s.eligibility = p.eligibility.describe();
        summaries.push(s);
    }
    let transaction_total = money::sum(
        currency.zero(),
        summaries.iter().map(|s| s.transaction_fees),
    )?;
    let residual_total = money::sum(currency.zero(), summaries.iter().map(|s| s.residual_fees))?;
    let total = money::add(transaction_total, residual_total)?;
    let forfeited_total = money::sum(currency.zero(), forfeited.iter().map(|f| f.amount))?;
    Ok(FeeResult {
        applies_to: "mosp",
        ea_note: EA_NOTE,
        partners: summaries,
        transaction_total,
        residual_total,
        total,
        forfeited_total,
        transaction_rate: tx_rate,
        residual_rate: res_rate,
        first_year_months: first_year,
        rows,
        forfeited,
    })
}

fn summarise<'a>(
    zero: Decimal,
    id: &str,
    name: &str,
    horizon: u32,
    rows: impl Iterator<Item = &'a FeeRow>,
) -> Result<PartnerFees, Overflow> {
    let mut months: Vec<FeeMonth> = (1..=horizon)
        .map(|m| FeeMonth {
            month: m,
            transaction: zero,
            residual: zero,
            total: zero,
        })
        .collect();
    for r in rows {
        let fm = &mut months[r.month as usize - 1];
        match r.kind {
            FeeKind::Transaction => fm.transaction = money::add(fm.transaction, r.amount)?,
            FeeKind::Residual => fm.residual = money::add(fm.residual, r.amount)?,
        }
    }
    for fm in &mut months {
        fm.total = money::add(fm.transaction, fm.residual)?;
    }
    let mut years = Vec::new();
    for (i, chunk) in months.chunks(12).enumerate() {
        let transaction = money::sum(zero, chunk.iter().map(|m| m.transaction))?;
        let residual = money::sum(zero, chunk.iter().map(|m| m.residual))?;
        years.push(FeeYear {
            year: i as u32 + 1,
            transaction,
            residual,
            total: money::add(transaction, residual)?,
        });
    }
    let transaction_fees = money::sum(zero, years.iter().map(|y| y.transaction))?;
    let residual_fees = money::sum(zero, years.iter().map(|y| y.residual))?;
    Ok(PartnerFees {
        id: id.to_string(),
        name: name.to_string(),
        transaction_fees,
        residual_fees,
        total: money::add(transaction_fees, residual_fees)?,
        year1_total: years.first().map_or(zero, |y| y.total),
        evergreen_monthly: months.last().map_or(zero, |m| m.residual),
        years,
        months,
        eligibility: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use crate::quote::{MonthRange, PorAssignment, PorChange, PorScope};
    use crate::testutil::{d, partner, por, quote, tx};
    use crate::{compute, FeeKind, PriceBook, Quote, QuoteResult};

    fn run(q: &Quote) -> QuoteResult {
        compute(&PriceBook::default_book(), q).unwrap_or_else(|p| panic!("{p:?}"))
    }

    fn fees(r: &QuoteResult, id: &str) -> (String, String, String) {
        let p = r.partners.iter().find(|p| p.id == id).unwrap();
        (
            p.transaction_fees.to_string(),
            p.residual_fees.to_string(),
            p.total.to_string(),
        )
    }

    fn e1() -> Quote {
        quote(vec![tx("t1", "bpos-standard", 100)])
    }

    #[test]
    fn f3_f4_f5_e1_stay_por_earns_18_percent_then_6() {
        let r = run(&e1());
        assert_eq!(
            fees(&r, "A"),
            ("1440.00".into(), "2160.00".into(), "3600.00".into())
        );
        let a = &r.partners[0];
        assert_eq!(a.year1_total.to_string(), "2160.00"); // 18% of 12,000.00
        assert_eq!(a.years[1].total.to_string(), "720.00"); // 6% of 12,000.00
        assert_eq!(a.evergreen_monthly.to_string(), "60.00");
        assert_eq!(a.months[0].transaction.to_string(), "120.00");
        assert_eq!(a.months[12].transaction.to_string(), "0.00");
    }

    #[test]
    fn f6_e2_por_change_moves_residual_but_not_the_transaction_fee() {
        let mut q = e1();
        q.partners.push(partner("B"));
        q.por = vec![por("bpos-standard", &[(1, "A"), (7, "B")])];
        let r = run(&q);
        assert_eq!(
            fees(&r, "A"),
            ("1440.00".into(), "360.00".into(), "1800.00".into())
        );
        assert_eq!(
            fees(&r, "B"),
            ("0.00".into(), "1800.00".into(), "1800.00".into())
        );
        assert_eq!(r.fees.total.to_string(), "3600.00");
        assert_eq!(
            (
                r.fees.transaction_total.to_string(),
                r.fees.residual_total.to_string()
            ),
            ("1440.00".into(), "2160.00".into())
        );
    }

    #[test]
    fn f8_e3_cancellation_stops_payments_and_fees() {
        let mut q = e1();
        q.customer.cancel_month = Some(25);
        let r = run(&q);
        assert_eq!(fees(&r, "A").2, "2880.00");
        assert!(r.paths.mosp.rows.iter().all(|x| x.month < 25));
        assert_eq!(r.partners[0].evergreen_monthly.to_string(), "0.00");
    }

    #[test]
    fn m4_e4_fee_rows_round_half_away_from_zero() {
        let mut q = quote(vec![tx("t1", "sharepoint-online", 5)]);
        q.horizon_months = 12;
        q.overrides.push(crate::quote::Override {
            figure: "services.sharepoint-online.list_price".into(),
            value: "5.35".into(),
        });
        let r = run(&q);
        let row = r
            .fees
            .rows
            .iter()
            .find(|f| f.month == 1 && f.kind == FeeKind::Residual)
            .unwrap();
        assert_eq!(
            (row.charge.to_string(), row.amount.to_string()),
            ("26.75".into(), "1.61".into())
        );
        assert_eq!(
            fees(&r, "A"),
            ("38.52".into(), "19.32".into(), "57.84".into())
        );
        assert_eq!(r.paths.mosp.first_year_total.to_string(), "321.00");
    }

    #[test]
    fn f1_fees_come_from_mosp_rows_only_and_ea_says_so() {
        let r = run(&e1());
        assert!(
            r.fees.rows.iter().all(|f| f.charge == d("1000.00")),
            "EA rows are 930.00"
        );
        assert!(r.fees.ea_note.contains("F1"));
    }

    #[test]
    fn f2_no_fee_in_a_month_without_eligibility_and_it_goes_to_nobody() {
        let mut q = e1();
        // Agreement (MOSPA) from month 4, ending at month 30; assessment passed month 2.
        q.partners[0].eligibility.agreement = Some(MonthRange {
            from_month: 4,
            to_month: Some(30),
        });
        q.partners[0].eligibility.assessment_passed_month = Some(2);
        let r = run(&q);
        let earned: Vec<u32> = r
            .fees
            .rows
            .iter()
            .filter(|f| f.kind == FeeKind::Residual)
            .map(|f| f.month)
            .collect();
        assert_eq!(earned, (4..=30).collect::<Vec<_>>());
        // Months 1-3 and 31-36 forfeit residual; months 1-3 forfeit transaction fees.
        assert_eq!(r.fees.forfeited.len(), 3 + 6 + 3);
        assert_eq!(
            r.fees.forfeited_total.to_string(),
            (60 * 9 + 120 * 3).to_string() + ".00"
        );
        let first = &r.fees.forfeited[0];
        assert!(
            first.reason.contains("MOSPA") && first.reason.contains("assessment"),
            "{}",
            first.reason
        );
        assert!(r
            .fees
            .forfeited
            .iter()
            .all(|f| f.rules.contains(&"F2") && f.cause == super::ForfeitCause::NotEligible));
        assert_eq!(
            first.missing,
            vec!["partner agreement (MOSPA)", "passed assessment"]
        );
        assert!(
            first.reason.contains("Partner A"),
            "names the partner: {}",
            first.reason
        );
        // Nobody else received them.
        assert_eq!(r.fees.total, r.partners[0].total);
    }

    #[test]
    fn f6_different_pors_per_service_and_per_transaction() {
        let mut q = quote(vec![
            tx("t1", "bpos-standard", 100),
            tx("t2", "bpos-standard", 50),
            tx("t3", "intune", 10),
        ]);
        q.partners.push(partner("B"));
        q.partners.push(partner("C"));
        q.por = vec![
            por("bpos-standard", &[(1, "A")]),
            PorAssignment {
                scope: PorScope::Transaction("t2".into()),
                changes: vec![PorChange {
                    from_month: 1,
                    partner: Some("B".into()),
                }],
            },
            por("intune", &[(1, "C")]),
        ];
        let r = run(&q);
        let who = |t: &str| {
            let mut v: Vec<String> = r
                .fees
                .rows
                .iter()
                .filter(|f| &*f.transaction == t)
                .map(|f| f.partner.to_string())
                .collect();
            v.dedup();
            v
        };
        assert_eq!(
            (who("t1"), who("t2"), who("t3")),
            (
                vec!["A".to_string()],
                vec!["B".to_string()],
                vec!["C".to_string()]
            )
        );
        let t2 = r
            .fees
            .rows
            .iter()
            .find(|f| &*f.transaction == "t2")
            .unwrap();
        assert_eq!((t2.por.scope, &*t2.por.id), ("transaction", "t2"));
    }

    #[test]
    fn f7_added_seats_are_a_new_transaction_with_their_own_first_year_and_por() {
        let mut seats = tx("t2", "bpos-standard", 20);
        seats.start_month = 10;
        let mut q = quote(vec![tx("t1", "bpos-standard", 100), seats]);
        q.partners.push(partner("B"));
        q.por = vec![por("bpos-standard", &[(1, "A"), (8, "B")])];
        let r = run(&q);
        let t2_tx: Vec<(u32, String)> = r
            .fees
            .rows
            .iter()
            .filter(|f| &*f.transaction == "t2" && f.kind == FeeKind::Transaction)
            .map(|f| (f.month, f.partner.to_string()))
            .collect();
        // B was POR when t2 started (month 10): B has t2's transaction fee for months 10-21.
        assert_eq!(t2_tx.len(), 12);
        assert!(t2_tx.iter().all(|(m, p)| (10..=21).contains(m) && p == "B"));
        // A keeps t1's transaction fee for months 1-12 although B is POR from month 8.
        assert!(r
            .fees
            .rows
            .iter()
            .filter(|f| &*f.transaction == "t1" && f.kind == FeeKind::Transaction)
            .all(|f| &*f.partner == "A"));
    }

    #[test]
    fn f9_rates_and_first_year_length_are_price_book_figures() {
        let mut q = e1();
        q.overrides = vec![
            crate::quote::Override {
                figure: "por.transaction_rate".into(),
                value: "0.10".into(),
            },
            crate::quote::Override {
                figure: "por.first_year_months".into(),
                value: "6".into(),
            },
        ];
        let r = run(&q);
        assert_eq!(fees(&r, "A").0, "600.00"); // 10% x 1,000.00 x 6 months
    }

    #[test]
    fn transaction_without_por_earns_nothing_and_says_why() {
        let mut q = e1();
        q.por.clear();
        let r = run(&q);
        assert!(r.fees.rows.is_empty());
        assert_eq!(r.fees.forfeited_total.to_string(), "3600.00");
        assert!(r.fees.forfeited[0].reason.contains("no Partner of Record"));
    }

    #[test]
    fn fee_rows_explain_themselves() {
        let r = run(&e1());
        let text = r.fees.rows[0].explain();
        assert!(
            text.contains("F3") && text.contains("round(0.12 x 1000.00) = 120.00"),
            "{text}"
        );
    }
}
