//! Tests across modules: the switch plan (T6), crossings, the best switch month and warnings.

use crate::plan::best_switch_month;
use crate::quote::TrueUp;
use crate::testutil::{quote, run, tx};
use crate::{compute, Agreement, PathKind, PriceBook, ProblemKind};

/// E8: 300 users, MOSP then EA from month 13, qualified 300, horizon 24, A POR.
fn e8() -> crate::Quote {
    let mut q = quote(vec![tx("t1", "bpos-standard", 300)]);
    q.horizon_months = 24;
    q.switch_month = Some(13);
    q
}

#[test]
fn t6_e8_mosp_then_ea_from_month_13_and_fees_stop_at_the_switch() {
    let r = run(&e8());
    let s = r.paths.switch.as_ref().unwrap();
    assert_eq!(s.months[0].total.to_string(), "2850.00");
    assert_eq!(s.years[0].total.to_string(), "34200.00");
    assert_eq!(s.months[12].total.to_string(), "2790.00");
    assert_eq!(s.years[1].total.to_string(), "33480.00");
    assert_eq!(s.horizon_total.to_string(), "67680.00");
    let fees = &r.switch_fees.as_ref().unwrap().partners[0];
    assert_eq!(
        (
            fees.transaction_fees.to_string(),
            fees.residual_fees.to_string(),
            fees.total.to_string()
        ),
        ("4104.00".into(), "2052.00".into(), "6156.00".into())
    );
    assert!(
        fees.months[12..].iter().all(|m| m.total.is_zero()),
        "nothing from month 13"
    );
    assert_eq!(r.comparison.horizon.switch.unwrap().to_string(), "67680.00");
}

#[test]
fn t6_the_switch_plan_is_the_choice_only_when_it_can_be_bought_and_is_cheapest() {
    let mut q = e8();
    q.customer.agreement = Agreement::None;
    let r = run(&q);
    // No EA today: the EA-only column is a what-if, but the switch plan assumes an EA signed for month 13.
    assert!(!r.paths.ea.available() && r.paths.switch.as_ref().unwrap().available());
    assert_eq!(
        r.comparison.horizon.cheaper_available.path,
        PathKind::Switch
    );
    q.customer.qualified = 200;
    let r = run(&q);
    assert_eq!(r.comparison.horizon.cheaper_available.path, PathKind::Mosp);
    assert!(r.comparison.horizon.cheaper_available.only_option);
}

#[test]
fn t6_crossing_months_are_where_the_cheaper_plan_by_cumulative_cost_changes() {
    // 20,000 MOSP users reach band 5 (20% off); an EA at level A (7% off) is cheaper only
    // while they are 200: from month 7 MOSP pulls ahead and overtakes by month 9.
    let mut t = tx("t", "bpos-standard", 200);
    t.changes = vec![crate::quote::QuantityChange::new(7, 20_000)];
    let mut q = quote(vec![t]);
    q.horizon_months = 12;
    let r = run(&q);
    let c: Vec<(PathKind, u32)> = r
        .comparison
        .crossings
        .iter()
        .map(|c| (c.cheaper_from, c.month))
        .collect();
    assert_eq!(c, [(PathKind::Mosp, 7)]);
    assert!(crate::describe::crossing(&r.comparison.crossings[0])
        .plain()
        .contains("MOSP becomes cheaper than EA"));
}

#[test]
fn t6_best_switch_month_is_exact_and_matches_compute() {
    // 100 users for a year, then 2,600: an EA of 300 qualified, trued up to 2,600 (T5).
    let mut t = tx("t", "bpos-standard", 100);
    t.changes = vec![crate::quote::QuantityChange::new(13, 2600)];
    let mut q = quote(vec![t]);
    q.customer.true_ups = vec![TrueUp {
        ea_year: 2,
        qualified: 2600,
    }];
    let book = PriceBook::default_book();
    let search = best_switch_month(&book, &q).unwrap();
    assert_eq!(search.candidates.len(), 35);
    let best = search.best.clone().unwrap();
    for x in [2, 13, best.month, 36] {
        let mut with = q.clone();
        with.switch_month = Some(x);
        let r = compute(&book, &with).unwrap();
        let c = &search.candidates[x as usize - 2];
        assert_eq!(
            r.paths.switch.as_ref().unwrap().horizon_total,
            c.horizon_total,
            "switch at {x}"
        );
        assert_eq!(
            r.paths.switch.as_ref().unwrap().available(),
            c.available,
            "switch at {x}"
        );
    }
    assert!(search
        .candidates
        .iter()
        .all(|c| c.horizon_total >= best.horizon_total));
    assert_eq!(
        search.mosp_total,
        compute(&book, &q).unwrap().paths.mosp.horizon_total
    );
    // An EA's first year needs 250 qualified (P4): with 200, no switch can be bought.
    q.customer.qualified = 200;
    let search = best_switch_month(&book, &q).unwrap();
    assert!(search.best.is_none() && search.candidates.iter().all(|c| !c.available));
}

#[test]
fn the_switch_search_reports_the_quotes_problems() {
    let mut q = quote(vec![tx("t", "bpos-standard", 3)]);
    q.customer.qualified = 300;
    assert!(matches!(
        best_switch_month(&PriceBook::default_book(), &q).unwrap_err()[0].kind,
        ProblemKind::BelowMinimum { .. }
    ));
}

#[test]
fn f6_months_without_a_por_are_one_warning_at_their_transaction() {
    let mut q = quote(vec![tx("t1", "bpos-standard", 10)]);
    q.por = vec![crate::testutil::por("bpos-standard", &[(4, "A")])];
    q.por[0].changes.push(crate::quote::PorChange {
        from_month: 10,
        partner: None,
    });
    q.por[0].changes.push(crate::quote::PorChange {
        from_month: 20,
        partner: Some("A".into()),
    });
    let r = run(&q);
    let w: Vec<String> = r
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.path, crate::describe::problem(w).plain()))
        .collect();
    assert_eq!(w, ["$.transactions[0]: no Partner of Record in months 1–3, months 10–19: the fees of transaction t1 in those months go to nobody"]);
}

#[test]
fn t2_the_cli_json_shows_calendar_months_beside_month_numbers() {
    let mut q = e8();
    q.start = Some("2011-03".parse().unwrap());
    let r = run(&q);
    let mut out = Vec::new();
    crate::write_result(&mut out, &r, &q, true).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["paths"]["mosp"]["months"][12]["month"], 13);
    assert_eq!(v["paths"]["mosp"]["months"][12]["calendar"], "2012-03");
    assert_eq!(v["start"], "2011-03");
    assert_eq!(v["paths"]["switch"]["rows"][12]["month"], 13);
    assert_eq!(v["paths"]["switch"]["rows"][12]["amount"], "2790.00");
}

#[test]
fn s2_the_customer_pays_licences_and_services_together_on_every_plan() {
    use crate::quote::{ServiceCategory, ServiceLine, ServicePrice};
    let mut q = crate::Quote::example();
    q.services = vec![ServiceLine {
        id: "s1".into(),
        partner: "northwind".into(),
        category: ServiceCategory::MigrationIntegration,
        description: "Migration".into(),
        price: ServicePrice::Fixed {
            month: 13,
            amount: "1000.00".parse().unwrap(),
        },
    }];
    let r = crate::compute(&crate::PriceBook::default_book(), &q).unwrap();
    for kind in [crate::PathKind::Mosp, crate::PathKind::Ea] {
        let p = r.paths.get(kind).unwrap();
        let (first_year, horizon) = r.with_services(kind).unwrap();
        assert_eq!(
            first_year, p.first_year_total,
            "month 13 is not in the first year"
        );
        assert_eq!(horizon - p.horizon_total, "1000.00".parse().unwrap());
    }
    assert_eq!(
        r.with_services(crate::PathKind::Switch),
        None,
        "no switch month, no switch plan"
    );
}
