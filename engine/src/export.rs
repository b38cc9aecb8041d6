//! The result as CSV (`docs/formats.md`): every month total of every plan, every charge
//! row, every Partner of Record fee row and every partner service row, one per line,
//! amounts as plain decimals (the same figures the screen shows, to the cent).

use crate::pricing::Tier;
use crate::{QuoteResult, ServicesResult};

/// The columns, in order.
pub const COLUMNS: [&str; 12] = [
    "record",
    "plan",
    "month",
    "calendar_month",
    "transaction",
    "service",
    "partner",
    "kind",
    "quantity",
    "unit_price",
    "amount",
    "cumulative",
];

fn plan(kind: crate::PathKind) -> &'static str {
    match kind {
        crate::PathKind::Mosp => "mosp",
        crate::PathKind::Ea => "ea",
        crate::PathKind::Switch => "switch",
    }
}

fn tier(t: &Tier) -> String {
    match t {
        Tier::Band { band, .. } => format!("band {band}"),
        Tier::Level { level, .. } => format!("level {level}"),
    }
}

/// The CSV text of a result.
pub fn csv(r: &QuoteResult) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let cal = |m: u32| {
        r.start
            .map(|s| s.plus(m - 1).to_string())
            .unwrap_or_default()
    };
    let mut row = |cells: [String; 12]| w.write_record(&cells).is_ok();
    let mut ok = row(COLUMNS.map(String::from));
    for p in r.paths.all() {
        for m in &p.months {
            ok &= row([
                "month".into(),
                plan(p.kind).into(),
                m.month.to_string(),
                cal(m.month),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                m.total.to_string(),
                m.cumulative.to_string(),
            ]);
        }
        for run in &p.runs {
            for m in run.from_month..=run.to_month {
                ok &= row([
                    "charge".into(),
                    plan(p.kind).into(),
                    m.to_string(),
                    cal(m),
                    run.transaction.to_string(),
                    run.service.to_string(),
                    String::new(),
                    tier(&run.tier),
                    run.quantity.to_string(),
                    run.unit_price.normalize().to_string(),
                    run.amount.to_string(),
                    String::new(),
                ]);
            }
        }
    }
    for (name, fees) in [("mosp", Some(&r.fees)), ("switch", r.switch_fees.as_ref())] {
        for f in fees.into_iter().flat_map(|f| &f.runs) {
            let kind = crate::describe::fee_kind(f.kind).replace(" fee", "");
            for m in f.from_month..=f.to_month {
                ok &= row([
                    "fee".into(),
                    name.into(),
                    m.to_string(),
                    cal(m),
                    f.transaction.to_string(),
                    f.service.to_string(),
                    f.partner.to_string(),
                    kind.clone(),
                    String::new(),
                    f.rate.normalize().to_string(),
                    f.amount.to_string(),
                    String::new(),
                ]);
            }
        }
    }
    services(&mut row, &r.services, cal);
    let _ = ok;
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn services(
    row: &mut impl FnMut([String; 12]) -> bool,
    s: &ServicesResult,
    cal: impl Fn(u32) -> String,
) {
    for run in &s.runs {
        for m in run.from_month..=run.to_month {
            row([
                "service".into(),
                String::new(),
                m.to_string(),
                cal(m),
                String::new(),
                run.line.to_string(),
                run.partner.to_string(),
                crate::describe::category(run.category).to_ascii_lowercase(),
                run.units.to_string(),
                run.price.normalize().to_string(),
                run.amount.to_string(),
                String::new(),
            ]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::run;
    use rust_decimal::Decimal;

    #[test]
    fn csv_rows_sum_to_the_results_totals() {
        let mut q = crate::Quote::example();
        q.switch_month = Some(13);
        let r = run(&q);
        let text = csv(&r);
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(rd.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
        let (mut months, mut charges, mut fees) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for rec in rd.records() {
            let rec = rec.unwrap();
            let amount: Decimal = rec[10].parse().unwrap();
            match (&rec[0], &rec[1]) {
                ("month", "mosp") => months += amount,
                ("charge", "mosp") => charges += amount,
                ("fee", "mosp") => fees += amount,
                _ => {}
            }
        }
        assert_eq!(months, r.paths.mosp.horizon_total);
        assert_eq!(charges, r.paths.mosp.horizon_total);
        assert_eq!(fees, r.fees.total);
        assert!(
            text.contains("month,mosp,13,2012-04,"),
            "calendar months (T2)"
        );
    }
}
