use super::*;
use crate::testutil::{has, partner, por, problems, quote, tx};
use crate::{compute, PriceBook};

#[test]
fn f2_eligibility_in_words() {
    let words = |e: &Eligibility| crate::describe::eligibility(e).plain();
    assert_eq!(
        words(&Eligibility::always()),
        "partner network membership from month 1; partner agreement (MOSPA) from month 1; assessment passed from month 1"
    );
    let e = Eligibility {
        membership: vec![],
        agreement: vec![
            MonthRange {
                from_month: 4,
                to_month: Some(24),
            },
            MonthRange::from(30),
        ],
        assessment: vec![],
    };
    assert_eq!(words(&e), "no partner network membership; partner agreement (MOSPA) months 4–24, from month 30; assessment not passed");
}

#[test]
fn example_quote_is_valid() {
    assert!(problems(&Quote::example()).is_empty());
}

#[test]
fn p3_quantity_below_the_service_minimum_names_service_and_minimum() {
    let ps = problems(&quote(vec![tx("t", "bpos-standard", 3)]));
    assert!(
        has(
            &ps,
            "$.transactions[0].quantity",
            "BPOS Standard Suite needs at least 5"
        ),
        "{ps:?}"
    );
    // Added seats count with the existing ones in the same month.
    let mut more = tx("t2", "bpos-standard", 3);
    more.start_month = 2;
    assert!(problems(&quote(vec![tx("t1", "bpos-standard", 10), more])).is_empty());
}

#[test]
fn t3_zero_is_allowed_and_the_minimum_holds_in_every_month_with_any_units() {
    let mut t = tx("t", "bpos-standard", 10);
    t.changes = vec![QuantityChange::new(4, 0), QuantityChange::new(8, 3)];
    let ps = problems(&quote(vec![t.clone()]));
    assert!(
        has(
            &ps,
            "$.transactions[0].changes[1].quantity",
            "needs at least 5 users in a month; month 8 has 3"
        ),
        "{ps:?}"
    );
    t.changes[1].quantity = 5;
    assert!(problems(&quote(vec![t])).is_empty());
}

#[test]
fn t3_changes_must_follow_the_start_in_order_and_keep_step_up_within_the_quantity() {
    let mut t = tx("t", "bpos-standard", 100);
    t.step_up_units = 80;
    t.start_month = 3;
    t.changes = vec![
        QuantityChange::new(3, 90),
        QuantityChange::new(10, 60),
        QuantityChange::new(9, 70),
    ];
    let ps = problems(&quote(vec![t]));
    assert!(
        has(
            &ps,
            "$.transactions[0].changes[0].from_month",
            "must be from 4 to 36"
        ),
        "{ps:?}"
    );
    assert!(
        has(
            &ps,
            "$.transactions[0].changes[1].step_up_units",
            "Step-Up units (80) cannot exceed the quantity (60)"
        ),
        "{ps:?}"
    );
    assert!(
        has(
            &ps,
            "$.transactions[0].changes[2].from_month",
            "month order"
        ),
        "{ps:?}"
    );
}

#[test]
fn i4_mdop_only_with_intune_and_never_more_devices() {
    let ps = problems(&quote(vec![tx("m", "mdop", 5)]));
    assert!(
        has(
            &ps,
            "$.transactions[0].quantity",
            "only with Windows Intune"
        ),
        "{ps:?}"
    );
    let ps = problems(&quote(vec![tx("i", "intune", 5), tx("m", "mdop", 6)]));
    assert!(
        has(&ps, "$.transactions[1].quantity", "6 against 5"),
        "{ps:?}"
    );
    assert!(problems(&quote(vec![tx("i", "intune", 5), tx("m", "mdop", 5)])).is_empty());
}

#[test]
fn every_problem_is_reported_at_once_with_its_path() {
    let mut a = tx("a", "bpos-standard", 10);
    a.step_up_units = 11;
    a.end_month = Some(0);
    let mut b = tx("b", "intune", 5);
    b.sa_covered_devices = 6;
    let c = tx("c", "no-such-service", 5);
    let mut q = quote(vec![a, b, c]);
    q.por.push(por("intune", &[(3, "Z"), (2, "A")]));
    q.customer.cancel_month = Some(99);
    let ps = problems(&q);
    assert!(
        has(
            &ps,
            "$.transactions[0].step_up_units",
            "cannot exceed the quantity"
        ),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.transactions[0].end_month", "before the start month"),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.transactions[1].sa_covered_devices", "cannot exceed"),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.transactions[2].service", "unknown service"),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.customer.cancel_month", "within the horizon"),
        "{ps:?}"
    );
    // quote() already assigns a POR to each of the three services: this is the fourth.
    assert!(
        has(&ps, "$.por[3].scope", "already has a POR assignment"),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.por[3].changes[0].partner", "unknown partner \"Z\""),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.por[3].changes[1].from_month", "month order"),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.por[2].scope.service", "unknown service"),
        "{ps:?}"
    );
    assert!(
        !has(&ps, "$.transactions[0].sa_covered_devices", ""),
        "no knock-on message: {ps:?}"
    );
    assert_eq!(ps.len(), 9, "{ps:?}");
}

#[test]
fn por_validation_checks_scope_horizon_and_partners() {
    let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
    q.partners.push(partner("A"));
    q.por = vec![
        PorAssignment {
            scope: PorScope::Transaction("nope".into()),
            changes: vec![PorChange {
                from_month: 40,
                partner: None,
            }],
        },
        PorAssignment {
            scope: PorScope::Service("nope".into()),
            changes: vec![],
        },
    ];
    let ps = problems(&q);
    assert!(has(&ps, "$.partners[1].id", "used twice"), "{ps:?}");
    assert!(
        has(&ps, "$.por[0].scope.transaction", "no transaction \"nope\""),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.por[0].changes[0].from_month", "within the horizon"),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.por[1].scope.service", "unknown service \"nope\""),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.por[1].changes", "at least one change"),
        "{ps:?}"
    );
}

#[test]
fn t4_t5_t6_ranges_true_ups_and_the_switch_month_are_checked() {
    let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
    q.partners[0].eligibility.agreement = vec![
        MonthRange {
            from_month: 0,
            to_month: None,
        },
        MonthRange {
            from_month: 9,
            to_month: Some(4),
        },
    ];
    q.customer.true_ups = vec![
        TrueUp {
            ea_year: 1,
            qualified: 300,
        },
        TrueUp {
            ea_year: 3,
            qualified: 300,
        },
        TrueUp {
            ea_year: 2,
            qualified: 300,
        },
    ];
    q.switch_month = Some(1);
    let ps = problems(&q);
    assert!(
        has(
            &ps,
            "$.partners[0].eligibility.agreement[0].from_month",
            "months start at 1"
        ),
        "{ps:?}"
    );
    assert!(
        has(
            &ps,
            "$.partners[0].eligibility.agreement[1].to_month",
            "before the start month"
        ),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.customer.true_ups[0].ea_year", "must be from 2"),
        "{ps:?}"
    );
    assert!(
        has(&ps, "$.customer.true_ups[2].ea_year", "EA-year order"),
        "{ps:?}"
    );
    assert!(has(&ps, "$.switch_month", "must be from 2 to 36"), "{ps:?}");
}

#[test]
fn s1_service_lines_need_a_known_partner_months_and_amounts() {
    let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
    q.services = vec![ServiceLine {
        id: "x".into(),
        partner: "nobody".into(),
        category: ServiceCategory::Other,
        description: String::new(),
        price: ServicePrice::MonthlyPerUnit {
            from_month: 5,
            to_month: Some(2),
            unit_price: crate::testutil::d("-1"),
            units: Units::Follow {
                transaction: "nope".into(),
            },
        },
    }];
    let ps = problems(&q);
    assert!(
        has(&ps, "$.services[0].partner", "unknown partner"),
        "{ps:?}"
    );
    assert!(
        has(
            &ps,
            "$.services[0].price.to_month",
            "before the start month"
        ),
        "{ps:?}"
    );
    assert!(
        has(
            &ps,
            "$.services[0].price.unit_price",
            "must not be negative"
        ),
        "{ps:?}"
    );
    assert!(
        has(
            &ps,
            "$.services[0].price.units.transaction",
            "no transaction \"nope\""
        ),
        "{ps:?}"
    );
}

#[test]
fn f6_a_por_for_a_service_not_bought_yet_is_kept_and_valid() {
    let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
    q.por.push(por("intune", &[(1, "A")]));
    assert!(problems(&q).is_empty());
}

#[test]
fn step_up_and_credit_only_where_the_book_has_them() {
    let mut t = tx("t", "intune", 10);
    t.step_up_units = 1;
    let mut u = tx("u", "bpos-standard", 10);
    u.sa_covered_devices = 1;
    let ps = problems(&quote(vec![t, u]));
    assert!(
        has(&ps, "$.transactions[0].step_up_units", "no Step-Up price"),
        "{ps:?}"
    );
    assert!(
        has(
            &ps,
            "$.transactions[1].sa_covered_devices",
            "no Client SA credit"
        ),
        "{ps:?}"
    );
}

#[test]
fn json_type_errors_carry_the_path() {
    let json = EXAMPLE_QUOTE_JSON.replacen("\"quantity\": 120", "\"quantity\": 1e30", 1);
    let ps = Quote::from_json(&json).unwrap_err();
    assert_eq!(
        ps[0].path.to_string(),
        "$.transactions[0].quantity",
        "{ps:?}"
    );
    let json = EXAMPLE_QUOTE_JSON.replacen("\"quantity\": 120", "\"quantity\": -4", 1);
    assert_eq!(
        Quote::from_json(&json).unwrap_err()[0].path.to_string(),
        "$.transactions[0].quantity"
    );
}

#[test]
fn overrides_are_checked_before_use() {
    let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
    q.overrides.push(Override {
        figure: "services.bpos-standard.list_price".into(),
        value: "abc".into(),
    });
    q.overrides.push(Override {
        figure: "services.bpos-standard.step_up_price".into(),
        value: "99".into(),
    });
    let ps = problems(&q);
    assert!(has(&ps, "$.overrides[0].value", "not a number"), "{ps:?}");
}

#[test]
fn t1_a_wrong_horizon_is_reported_alone() {
    let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
    q.horizon_months = 0;
    let ps = problems(&q);
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert_eq!(ps[0].0, "$.horizon_months");
}

#[test]
fn limits_are_problems_at_their_path_found_before_anything_else() {
    let mut q = quote(vec![tx("t", "bpos-standard", 10)]);
    q.transactions[0].id = "x".repeat(10_000_000);
    let started = std::time::Instant::now();
    let ps = problems(&q);
    assert!(
        started.elapsed().as_millis() < 500,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(ps.len(), 1, "nothing else is looked at");
    assert!(
        has(
            &ps,
            "$.transactions[0].id",
            "is 10000000 characters long; at most 64"
        ),
        "{ps:?}"
    );
}

#[test]
fn quote_round_trips_through_json() {
    let q = Quote::example();
    assert_eq!(Quote::from_json(&q.to_json()).unwrap(), q);
}

#[test]
fn a_newer_format_is_refused_with_a_clear_problem() {
    let json = EXAMPLE_QUOTE_JSON.replacen("\"format\": 2", "\"format\": 9", 1);
    let p = Quote::from_json(&json).unwrap_err();
    assert_eq!(p[0].path.to_string(), "$.format");
    assert!(crate::describe::problem(&p[0])
        .plain()
        .contains("newer version"));
}

#[test]
fn format_one_migrates_losslessly() {
    let q = Quote::example();
    assert_eq!(q.format, QUOTE_FORMAT);
    assert_eq!(q.partners[0].eligibility, Eligibility::always());
    let r = compute(&PriceBook::default_book(), &q).unwrap();
    assert_eq!(r.comparison.horizon.mosp.to_string(), "141840.00");
}
