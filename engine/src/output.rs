//! The result as JSON (`licalc`'s output, `docs/formats.md`): runs expanded into one row
//! per month as the format has always had them, every sentence from `describe` in a
//! `message` (or `reason`) field, money as decimal strings. Written straight to a writer
//! as it is produced, so a large quote never sits in memory twice.

use crate::describe::{self, Plain};
use crate::fees::{FeeResult, FeeRun, ForfeitedRun, PartnerFees};
use crate::money::Overflow;
use crate::portfolio::{Amounts, Line, Portfolio};
use crate::pricing::{ChargeRun, MonthTotal, PathResult, Tier};
use crate::quote::{CalendarMonth, Quote};
use crate::services::{ServiceRun, ServicesResult};
use crate::{Advice, QuoteResult, Rules};
use rust_decimal::Decimal;
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;
use std::sync::Arc;

/// Writes `result` (computed from `quote`) as JSON, pretty or on one line.
pub fn write_result<W: std::io::Write>(
    w: W,
    result: &QuoteResult,
    quote: &Quote,
    compact: bool,
) -> serde_json::Result<()> {
    let out = Out {
        r: result,
        q: quote,
        plain: Plain {
            currency: Some(result.currency),
            start: result.start,
        },
    };
    if compact {
        serde_json::to_writer(w, &out)
    } else {
        serde_json::to_writer_pretty(w, &out)
    }
}

struct Out<'a> {
    r: &'a QuoteResult,
    q: &'a Quote,
    plain: Plain,
}

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Paths<'a> {
            mosp: Path<'a>,
            ea: Path<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            switch: Option<Path<'a>>,
        }
        #[derive(Serialize)]
        struct All<'a> {
            currency: crate::Currency,
            price_book: &'a crate::BookInfo,
            #[serde(skip_serializing_if = "Option::is_none")]
            start: Option<CalendarMonth>,
            horizon_months: u32,
            paths: Paths<'a>,
            comparison: &'a crate::Comparison,
            partners: Partners<'a>,
            fees: Fees<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            switch_fees: Option<Fees<'a>>,
            services: Services<'a>,
            advice: Vec<WithMessage<'a, Advice>>,
            warnings: &'a [crate::Problem],
        }
        let (r, q) = (self.r, self.q);
        let plain = self.plain;
        let path = |p| Path {
            p,
            start: r.start,
            plain,
        };
        let fees = |f| Fees { f, q, plain };
        All {
            currency: r.currency,
            price_book: &r.price_book,
            start: r.start,
            horizon_months: r.horizon_months,
            paths: Paths {
                mosp: path(&r.paths.mosp),
                ea: path(&r.paths.ea),
                switch: r.paths.switch.as_ref().map(path),
            },
            comparison: &r.comparison,
            partners: Partners {
                list: &r.fees.partners,
                q,
                plain: self.plain,
            },
            fees: fees(&r.fees),
            switch_fees: r.switch_fees.as_ref().map(fees),
            services: Services {
                s: &r.services,
                start: r.start,
            },
            advice: r
                .advice
                .iter()
                .map(|a| WithMessage {
                    item: a,
                    message: describe::advice(a).render(&self.plain),
                })
                .collect(),
            warnings: &r.warnings,
        }
        .serialize(s)
    }
}

#[derive(Serialize)]
struct WithMessage<'a, T: Serialize> {
    #[serde(flatten)]
    item: &'a T,
    message: String,
}

fn months<S: Serializer>(
    s: S,
    months: &[MonthTotal],
    start: Option<CalendarMonth>,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Month<'a> {
        #[serde(flatten)]
        m: &'a MonthTotal,
        #[serde(skip_serializing_if = "Option::is_none")]
        calendar: Option<CalendarMonth>,
    }
    s.collect_seq(months.iter().map(|m| Month {
        m,
        calendar: start.map(|s| s.plus(m.month - 1)),
    }))
}

struct Path<'a> {
    p: &'a PathResult,
    start: Option<CalendarMonth>,
    plain: Plain,
}

impl Serialize for Path<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.p;
        let level = p.ea_years.first().map(|y| y.level.as_str());
        let reason = (!p.available()).then(|| {
            describe::availability(&p.availability, level.unwrap_or("")).render(&self.plain)
        });
        #[derive(Serialize)]
        struct P<'a> {
            kind: crate::PathKind,
            available: bool,
            what_if: bool,
            reason: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            level: Option<&'a str>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            ea_years: &'a [crate::pricing::EaYear],
            #[serde(skip_serializing_if = "Option::is_none")]
            switch_month: Option<u32>,
            #[serde(serialize_with = "months_of")]
            months: (&'a [MonthTotal], Option<CalendarMonth>),
            years: &'a [crate::pricing::YearTotal],
            first_year_total: Decimal,
            horizon_total: Decimal,
            #[serde(serialize_with = "charge_rows")]
            rows: &'a [ChargeRun],
        }
        P {
            kind: p.kind,
            available: p.available(),
            what_if: !p.available(),
            reason,
            level,
            ea_years: &p.ea_years,
            switch_month: p.switch_month,
            months: (&p.months, self.start),
            years: &p.years,
            first_year_total: p.first_year_total,
            horizon_total: p.horizon_total,
            rows: &p.runs,
        }
        .serialize(s)
    }
}

fn months_of<S: Serializer>(
    v: &(&[MonthTotal], Option<CalendarMonth>),
    s: S,
) -> Result<S::Ok, S::Error> {
    months(s, v.0, v.1)
}

/// One month of a charge run: the charge row of that month (M3).
#[derive(Serialize)]
struct ChargeRow<'a> {
    transaction: &'a Arc<str>,
    service: &'a Arc<str>,
    month: u32,
    quantity: u32,
    list_price: Decimal,
    tier: &'a Tier,
    discount: Decimal,
    unit_price: Decimal,
    step_up_units: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    step_up_unit_price: Option<Decimal>,
    sa_covered: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    sa_credit: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credited_unit_price: Option<Decimal>,
    amount: Decimal,
    rules: Rules,
}

fn charge_rows<S: Serializer>(runs: &&[ChargeRun], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(None)?;
    for r in runs.iter() {
        for month in r.from_month..=r.to_month {
            seq.serialize_element(&ChargeRow {
                transaction: &r.transaction,
                service: &r.service,
                month,
                quantity: r.quantity,
                list_price: r.list_price,
                tier: &r.tier,
                discount: r.discount,
                unit_price: r.unit_price,
                step_up_units: r.step_up_units,
                step_up_unit_price: r.step_up_unit_price,
                sa_covered: r.sa_covered,
                sa_credit: r.sa_credit,
                credited_unit_price: r.credited_unit_price,
                amount: r.amount,
                rules: r.rules,
            })?;
        }
    }
    seq.end()
}

struct Partners<'a> {
    list: &'a [PartnerFees],
    q: &'a Quote,
    plain: Plain,
}

impl Serialize for Partners<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct P<'a> {
            #[serde(flatten)]
            p: &'a PartnerFees,
            eligibility: String,
        }
        s.collect_seq(self.list.iter().map(|p| {
            P {
                p,
                eligibility: self
                    .q
                    .partner(&p.id)
                    .map(|x| describe::eligibility(&x.eligibility).render(&self.plain))
                    .unwrap_or_default(),
            }
        }))
    }
}

struct Fees<'a> {
    f: &'a FeeResult,
    q: &'a Quote,
    plain: Plain,
}

impl Serialize for Fees<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.f;
        #[derive(Serialize)]
        struct F<'a> {
            applies_to: &'static str,
            partners: Partners<'a>,
            transaction_total: Decimal,
            residual_total: Decimal,
            total: Decimal,
            forfeited_total: Decimal,
            transaction_rate: Decimal,
            residual_rate: Decimal,
            first_year_months: u32,
            rows: FeeRows<'a>,
            forfeited: Forfeited<'a>,
        }
        F {
            applies_to: "mosp",
            partners: Partners {
                list: &f.partners,
                q: self.q,
                plain: self.plain,
            },
            transaction_total: f.transaction_total,
            residual_total: f.residual_total,
            total: f.total,
            forfeited_total: f.forfeited_total,
            transaction_rate: f.transaction_rate,
            residual_rate: f.residual_rate,
            first_year_months: f.first_year_months,
            rows: FeeRows(&f.runs),
            forfeited: Forfeited {
                list: &f.forfeited,
                q: self.q,
                plain: self.plain,
            },
        }
        .serialize(s)
    }
}

/// Fee runs as one row per partner, transaction, month and type (M4), in transaction
/// order, then month, then type.
struct FeeRows<'a>(&'a [FeeRun]);

impl Serialize for FeeRows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Row<'a> {
            #[serde(flatten)]
            run: &'a FeeRun,
            month: u32,
        }
        let mut seq = s.serialize_seq(None)?;
        for group in self
            .0
            .chunk_by(|a, b| Arc::ptr_eq(&a.transaction, &b.transaction))
        {
            let mut rows: Vec<(u32, &FeeRun)> = group
                .iter()
                .flat_map(|r| (r.from_month..=r.to_month).map(move |m| (m, r)))
                .collect();
            rows.sort_by_key(|(m, r)| (*m, r.kind));
            for (month, run) in rows {
                seq.serialize_element(&Row { run, month })?;
            }
        }
        seq.end()
    }
}

struct Forfeited<'a> {
    list: &'a [ForfeitedRun],
    q: &'a Quote,
    plain: Plain,
}

impl Serialize for Forfeited<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Row<'a> {
            #[serde(flatten)]
            run: &'a ForfeitedRun,
            month: u32,
            reason: String,
        }
        let mut seq = s.serialize_seq(None)?;
        for run in self.list {
            for month in run.from_month..=run.to_month {
                let one = ForfeitedRun {
                    from_month: month,
                    to_month: month,
                    ..run.clone()
                };
                let reason = describe::forfeit(&one, self.q).render(&self.plain);
                seq.serialize_element(&Row { run, month, reason })?;
            }
        }
        seq.end()
    }
}

struct Services<'a> {
    s: &'a ServicesResult,
    start: Option<CalendarMonth>,
}

impl Serialize for Services<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Row<'a> {
            #[serde(flatten)]
            run: &'a ServiceRun,
            month: u32,
        }
        struct Rows<'a>(&'a [ServiceRun]);
        impl Serialize for Rows<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().flat_map(|run| {
                    (run.from_month..=run.to_month).map(move |month| Row { run, month })
                }))
            }
        }
        #[derive(Serialize)]
        struct Sv<'a> {
            #[serde(serialize_with = "months_of")]
            months: (&'a [MonthTotal], Option<CalendarMonth>),
            years: &'a [crate::pricing::YearTotal],
            first_year_total: Decimal,
            total: Decimal,
            one_off_total: Decimal,
            recurring_total: Decimal,
            rows: Rows<'a>,
        }
        let v = self.s;
        Sv {
            months: (&v.months, self.start),
            years: &v.years,
            first_year_total: v.first_year_total,
            total: v.total,
            one_off_total: v.one_off_total,
            recurring_total: v.recurring_total,
            rows: Rows(&v.runs),
        }
        .serialize(s)
    }
}

/// The portfolio as JSON for the CLI: per calendar month each partner's four amounts
/// (and fees forfeited with no Partner of Record), each customer's totals, the grand
/// totals, the attention list and what was left out, every sentence worded. `Overflow`
/// when a partner's sum is too large for a decimal.
pub fn portfolio_report(p: &Portfolio, plain: &Plain) -> Result<serde_json::Value, Overflow> {
    use serde_json::json;
    let who = |l: &Line| l.partner.clone().unwrap_or_else(|| "(no partner)".into());
    let mut months = Vec::new();
    for m in 0..p.span as usize {
        let mut partners: std::collections::BTreeMap<String, Amounts> =
            std::collections::BTreeMap::new();
        for l in p.lines.iter().filter(|l| l.months[m] != Amounts::default()) {
            partners.entry(who(l)).or_default().add(&l.months[m])?;
        }
        months.push(json!({ "month": p.first.plus(m as u32), "partners": partners }));
    }
    let mut totals = serde_json::Map::new();
    for partner in p.partners().into_iter().map(Some).chain([None]) {
        let (_, t) = p.total(|l| l.partner == partner)?;
        if t != Amounts::default() {
            totals.insert(partner.unwrap_or_else(|| "(no partner)".into()), json!(t));
        }
    }
    let customers: Vec<_> = p.lines.iter().map(|l| json!({ "customer": p.customers[l.customer].name, "partner": who(l), "total": l.total })).collect();
    let attention: Vec<_> = p.attention.iter().map(|a| json!({ "customer": p.customers[a.customer].name, "month": a.month, "quote_month": a.quote_month, "item": a.what, "message": describe::attention(&a.what).render(plain) })).collect();
    Ok(
        json!({ "currency": p.currency, "first_month": p.first, "months": months, "customers": customers, "totals": totals, "attention": attention }),
    )
}
