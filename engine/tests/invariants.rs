//! Invariants that must hold for any quote (proptest): M5 sums, M1 places, P2
//! monotonicity, I3/P5 non-negativity, F-rule conservation, T3 schedules and F7 splits,
//! and no panics ever.

use licalc_engine::quote::{
    Customer, Eligibility, MonthRange, Override, Partner, PorAssignment, PorChange, PorScope,
    QuantityChange,
};
use licalc_engine::{
    compute, compute_prices, Agreement, ChargeRun, FeeKind, PriceBook, ProblemKind, Quote,
    QuoteResult, Transaction,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

const SERVICES: [&str; 5] = [
    "bpos-standard",
    "exchange-online",
    "bpos-deskless",
    "intune",
    "sharepoint-online",
];

fn agreement() -> impl Strategy<Value = Agreement> {
    prop::sample::select(Agreement::ALL.to_vec())
}

/// A transaction that is valid against the default book for a horizon of `h` months.
fn transaction(h: u32) -> impl Strategy<Value = (usize, u32, u32, Option<u32>, u32)> {
    (
        0..SERVICES.len(),
        5u32..20_000,
        1..=h,
        prop::option::of(0..h),
        0u32..=100,
    )
        .prop_map(move |(s, q, start, len, share)| {
            (s, q, start, len.map(|l| (start + l).min(h)), share)
        })
}

fn valid_quote() -> impl Strategy<Value = Quote> {
    (
        1u32..=48,
        agreement(),
        0u32..20_000,
        prop::option::of(1u32..=48),
    )
        .prop_flat_map(|(h, agreement, qualified, cancel)| {
            (
                Just((h, agreement, qualified, cancel)),
                prop::collection::vec(transaction(h), 1..8),
                prop::collection::vec(1..=h, 0..3),
            )
        })
        .prop_map(|((h, agreement, qualified, cancel), txs, changes)| {
            let transactions: Vec<Transaction> = txs
                .iter()
                .enumerate()
                .map(|(i, &(s, quantity, start_month, end_month, share))| {
                    let covered = quantity * share / 100;
                    Transaction {
                        start_month,
                        end_month,
                        step_up_units: if SERVICES[s] == "intune" { 0 } else { covered },
                        sa_covered_devices: if SERVICES[s] == "intune" { covered } else { 0 },
                        ..Transaction::new(format!("t{i}"), SERVICES[s], quantity)
                    }
                })
                .collect();
            let partners = ["A", "B", "C"]
                .map(|id| Partner {
                    id: id.into(),
                    name: id.into(),
                    eligibility: Eligibility::always(),
                })
                .to_vec();
            let mut months: Vec<u32> = changes;
            months.push(1);
            months.sort();
            months.dedup();
            let services: HashSet<&str> = transactions.iter().map(|t| t.service.as_str()).collect();
            let mut services: Vec<&str> = services.into_iter().collect();
            services.sort();
            let por = services
                .iter()
                .enumerate()
                .map(|(i, s)| PorAssignment {
                    scope: PorScope::Service((*s).into()),
                    changes: months
                        .iter()
                        .enumerate()
                        .map(|(j, &m)| PorChange {
                            from_month: m,
                            partner: Some(["A", "B", "C"][(i + j) % 3].into()),
                        })
                        .collect(),
                })
                .collect();
            Quote {
                customer: Customer {
                    agreement,
                    qualified,
                    cancel_month: cancel.filter(|&c| c <= h),
                    ..Customer::default()
                },
                horizon_months: h,
                transactions,
                partners,
                por,
                ..Quote::empty()
            }
        })
}

fn run(q: &Quote) -> QuoteResult {
    compute(&PriceBook::default_book(), q)
        .unwrap_or_else(|p| panic!("valid quote rejected: {p:?}\n{}", q.to_json()))
}

fn sum(it: impl Iterator<Item = Decimal>) -> Decimal {
    it.fold(Decimal::ZERO, |a, b| a + b)
}

/// Each month's charge rows of a plan, by month.
fn month_rows(runs: &[ChargeRun], month: u32) -> Decimal {
    sum(runs.iter().filter(|r| r.contains(month)).map(|r| r.amount))
}

fn months(runs: &[ChargeRun]) -> Decimal {
    sum(runs.iter().map(|r| r.amount * Decimal::from(r.months())))
}

/// Every fee row, `(transaction, month, kind) -> amount`.
fn fee_rows(r: &QuoteResult) -> HashMap<(String, u32, FeeKind), Decimal> {
    r.fees
        .runs
        .iter()
        .flat_map(|f| {
            (f.from_month..=f.to_month)
                .map(move |m| ((f.transaction.to_string(), m, f.kind), f.amount))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn m5_every_total_is_the_sum_of_its_rows(q in valid_quote()) {
        let r = run(&q);
        for path in [&r.paths.mosp, &r.paths.ea] {
            for m in &path.months {
                prop_assert_eq!(m.total, month_rows(&path.runs, m.month));
            }
            prop_assert_eq!(path.horizon_total, months(&path.runs));
            let first_year: Decimal = (1..=12.min(q.horizon_months)).map(|m| month_rows(&path.runs, m)).sum();
            prop_assert_eq!(path.first_year_total, first_year);
        }
        for p in &r.fees.partners {
            let of = |kind: FeeKind, month: Option<u32>| sum(r.fees.runs.iter().filter(|f| *f.partner == *p.id && f.kind == kind).flat_map(|f| (f.from_month..=f.to_month).map(move |m| (m, f.amount))).filter(|(m, _)| month.is_none_or(|x| x == *m)).map(|(_, a)| a));
            prop_assert_eq!(p.transaction_fees, of(FeeKind::Transaction, None));
            prop_assert_eq!(p.residual_fees, of(FeeKind::Residual, None));
            prop_assert_eq!(p.total, p.transaction_fees + p.residual_fees);
            for m in &p.months {
                prop_assert_eq!(m.transaction, of(FeeKind::Transaction, Some(m.month)));
                prop_assert_eq!(m.residual, of(FeeKind::Residual, Some(m.month)));
                prop_assert_eq!(m.total, m.transaction + m.residual);
            }
        }
        prop_assert_eq!(r.fees.total, sum(fee_rows(&r).into_values()));
    }

    #[test]
    fn m1_rows_carry_exactly_the_currency_places_and_are_never_negative(q in valid_quote()) {
        let r = run(&q);
        for row in r.paths.mosp.runs.iter().chain(&r.paths.ea.runs) {
            prop_assert_eq!(row.amount.scale(), 2);
            prop_assert!(!row.amount.is_sign_negative());
        }
        for f in &r.fees.runs {
            prop_assert_eq!(f.amount.scale(), 2);
        }
    }

    #[test]
    fn p2_mosp_unit_price_never_rises_when_only_the_band_rises(s in 0..SERVICES.len(), a in 5u32..30_000, b in 5u32..30_000) {
        let (lo, hi) = (a.min(b), a.max(b));
        let price = |n: u32| {
            let q = Quote { transactions: vec![Transaction::new("t", SERVICES[s], n)], por: vec![], ..Quote::example() };
            run(&q).paths.mosp.runs[0].unit_price
        };
        prop_assert!(price(hi) <= price(lo));
    }

    #[test]
    fn i3_p5_credit_and_step_up_never_make_a_price_negative(q in valid_quote(), credit in 0u32..100, step in 0u32..=100) {
        let mut q = q;
        q.overrides = vec![
            Override { figure: "services.intune.sa_credit".into(), value: credit.to_string() },
            Override { figure: "services.bpos-standard.step_up_price".into(), value: format!("{}", Decimal::new(i64::from(step), 1)) },
        ];
        let r = run(&q);
        for row in r.paths.mosp.runs.iter().chain(&r.paths.ea.runs) {
            prop_assert!(!row.amount.is_sign_negative());
            prop_assert!(row.credited_unit_price.is_none_or(|c| !c.is_sign_negative()));
        }
    }

    #[test]
    fn f6_changing_pors_moves_fees_between_partners_but_never_changes_their_total(q in valid_quote(), shift in 1usize..3) {
        let before = run(&q);
        let mut moved = q.clone();
        for a in &mut moved.por {
            for c in &mut a.changes {
                let i = ["A", "B", "C"].iter().position(|x| Some(*x) == c.partner.as_deref()).unwrap();
                c.partner = Some(["A", "B", "C"][(i + shift) % 3].into());
            }
        }
        let after = run(&moved);
        prop_assert_eq!(before.fees.total, after.fees.total);
        prop_assert_eq!(before.fees.forfeited_total, Decimal::new(0, 2));
    }

    /// F6 with real timelines: other change months, other partners, and transactions with
    /// their own assignment from any month. Every fee row keeps its amount; only its
    /// partner may change.
    #[test]
    fn f6_any_por_timelines_and_own_assignments_move_fees_but_never_change_them(
        q in valid_quote(),
        timeline in prop::collection::vec((2u32..=48, 0usize..3), 0..4),
        own in prop::collection::vec((any::<prop::sample::Index>(), 1u32..=48, 0usize..3), 0..4),
    ) {
        const IDS: [&str; 3] = ["A", "B", "C"];
        let h = q.horizon_months;
        let mut moved = q.clone();
        let mut changes: Vec<(u32, usize)> = timeline.into_iter().filter(|&(m, _)| m <= h).collect();
        changes.sort_by_key(|c| c.0);
        changes.dedup_by_key(|c| c.0);
        for a in &mut moved.por {
            // Month 1 keeps a POR, so every transaction is covered from its start.
            let first = a.changes[0].clone();
            a.changes = std::iter::once(first).chain(changes.iter().map(|&(m, p)| PorChange { from_month: m, partner: Some(IDS[p].into()) })).collect();
        }
        let mut given = HashSet::new();
        for (ix, m, p) in own {
            let t = ix.get(&q.transactions).id.clone();
            if m <= h && given.insert(t.clone()) {
                moved.por.push(PorAssignment { scope: PorScope::Transaction(t), changes: vec![PorChange { from_month: m, partner: Some(IDS[p].into()) }] });
            }
        }
        let before = run(&q);
        let after = run(&moved);
        prop_assert_eq!(fee_rows(&before), fee_rows(&after));
        prop_assert_eq!(before.fees.total, after.fees.total);
        prop_assert!(after.fees.forfeited.is_empty());
    }

    #[test]
    fn f3_the_transaction_fees_of_a_transaction_go_to_one_partner(q in valid_quote()) {
        let r = run(&q);
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for f in r.fees.runs.iter().filter(|f| f.kind == FeeKind::Transaction) {
            let o = owner.entry(&f.transaction).or_insert(&f.partner);
            prop_assert_eq!(*o, &*f.partner);
        }
    }

    #[test]
    fn f5_fees_never_exceed_18_percent_of_mosp_charges_beyond_rounding(q in valid_quote()) {
        let r = run(&q);
        let charges = r.paths.mosp.horizon_total;
        let all_fees = r.fees.total + r.fees.forfeited_total;
        let rows = Decimal::from(fee_rows(&r).len()) + sum(r.fees.forfeited.iter().map(|f| Decimal::from(f.months())));
        prop_assert!(all_fees <= charges * Decimal::new(18, 2) + rows * Decimal::new(5, 3));
    }

    #[test]
    fn f2_f8_no_fee_while_the_customer_is_inactive_or_the_partner_ineligible(q in valid_quote(), from in 1u32..20, to in 1u32..40) {
        let mut q = q;
        q.partners[0].eligibility.agreement = vec![MonthRange { from_month: from, to_month: Some(from.max(to)) }];
        let r = run(&q);
        for f in &r.fees.runs {
            for m in f.from_month..=f.to_month {
                prop_assert!(q.customer.active(m));
                prop_assert!(&*f.partner != "A" || (from..=from.max(to)).contains(&m));
            }
        }
    }

    /// T3: a schedule whose changes repeat the figures already in force prices exactly
    /// as the same transaction without a schedule (format 1's figures).
    #[test]
    fn t3_a_schedule_that_never_changes_gives_format_1s_figures(q in valid_quote(), at in prop::collection::vec((any::<prop::sample::Index>(), 2u32..=48), 1..4)) {
        let before = run(&q);
        let mut scheduled = q.clone();
        for (ix, m) in at {
            let i = ix.index(q.transactions.len());
            let t = &mut scheduled.transactions[i];
            let last = t.end_month.unwrap_or(q.horizon_months);
            if m > t.start_month && m <= last && t.changes.iter().all(|c| c.from_month < m) {
                t.changes.push(QuantityChange { from_month: m, quantity: t.quantity, step_up_units: Some(t.step_up_units), sa_covered_devices: None });
            }
        }
        let after = run(&scheduled);
        for (a, b) in [(&before.paths.mosp, &after.paths.mosp), (&before.paths.ea, &after.paths.ea)] {
            prop_assert_eq!(&a.months, &b.months);
            prop_assert_eq!(a.horizon_total, b.horizon_total);
        }
        prop_assert_eq!(fee_rows(&before), fee_rows(&after));
        prop_assert_eq!(&before.fees.partners, &after.fees.partners);
        prop_assert_eq!(before.advice.len(), after.advice.len());
    }

    /// F7 against T3: seats added at month k as a change of one transaction, or as a
    /// second transaction from k. The customer pays the same (with whole-number charge
    /// rows nothing is rounded, so the two are equal to the cent); residual fees are the
    /// same; only transaction fees differ, because the added seats get their own first
    /// year (F3) as a new transaction.
    #[test]
    fn f7_splitting_a_schedule_into_two_transactions_changes_only_first_year_fees(
        s in prop::sample::select(vec!["bpos-standard", "exchange-online", "intune", "office-communications-online"]),
        hundreds in 1u32..30, more in 1u32..30, k in 2u32..36, start in 1u32..12, h in 12u32..48, qualified in 250u32..20_000,
    ) {
        prop_assume!(k > start && k <= h);
        let base = Quote {
            customer: Customer { agreement: Agreement::Ea, qualified, ..Customer::default() },
            horizon_months: h,
            partners: vec![Partner { id: "A".into(), name: String::new(), eligibility: Eligibility::always() }],
            por: vec![PorAssignment { scope: PorScope::Service(s.into()), changes: vec![PorChange { from_month: 1, partner: Some("A".into()) }] }],
            ..Quote::empty()
        };
        let (q1, q2) = (hundreds * 100, (hundreds + more) * 100);
        let one = Transaction { start_month: start, changes: vec![QuantityChange::new(k, q2)], ..Transaction::new("t", s, q1) };
        let two = vec![Transaction { start_month: start, ..Transaction::new("t", s, q1) }, Transaction { start_month: k, ..Transaction::new("u", s, q2 - q1) }];
        let a = run(&Quote { transactions: vec![one], ..base.clone() });
        let b = run(&Quote { transactions: two, ..base });
        for (x, y) in [(&a.paths.mosp, &b.paths.mosp), (&a.paths.ea, &b.paths.ea)] {
            prop_assert_eq!(&x.months, &y.months);
        }
        prop_assert_eq!(a.fees.residual_total, b.fees.residual_total);
        prop_assert!(b.fees.transaction_total >= a.fees.transaction_total, "the added seats' own first year can only add months");
        if k >= start + 12 {
            prop_assert!(b.fees.transaction_total > a.fees.transaction_total);
        }
    }

    /// The widget's computation (no Partner of Record fees) gives the full result's
    /// figures, problems and advice; only the fees, and the warnings they raise, are left out.
    #[test]
    fn prices_without_fees_are_the_full_results_but_its_fees(q in valid_quote(), switch in prop::option::of(1u32..60), older in any::<bool>()) {
        let mut q = q;
        q.switch_month = switch;
        // C1's warning (made with another book) is kept.
        q.price_book = older.then(|| licalc_engine::quote::BookRef { id: "bpos-intune-us".into(), version: "2011.03.1".into() });
        let book = PriceBook::default_book();
        match (compute(&book, &q), compute_prices(&book, &q)) {
            (Ok(mut full), Ok(prices)) => {
                prop_assert!(prices.fees.partners.is_empty() && prices.fees.runs.is_empty() && prices.fees.forfeited.is_empty());
                prop_assert!(prices.fees.total.is_zero() && prices.switch_fees.is_none());
                prop_assert_eq!(prices.fees.transaction_rate, full.fees.transaction_rate);
                full.fees = prices.fees.clone();
                full.switch_fees = None;
                full.warnings.retain(|w| !matches!(w.kind, ProblemKind::NoPorMonths { .. }));
                prop_assert_eq!(full, prices);
            }
            (Err(full), Err(prices)) => prop_assert_eq!(full, prices),
            (full, prices) => prop_assert!(false, "{:?} / {:?}", full.map(|_| ()), prices.map(|_| ())),
        }
    }

    /// Any JSON-shaped quote, however wrong, either computes or returns problems.
    #[test]
    fn any_quote_computes_or_returns_problems_never_panics(
        h in 0u32..300, qty in any::<u32>(), start in any::<u32>(), end in prop::option::of(any::<u32>()),
        step in any::<u32>(), covered in any::<u32>(), service in prop::sample::select(vec!["bpos-standard", "intune", "mdop", "nope", ""]),
        qualified in any::<u32>(), cancel in prop::option::of(any::<u32>()), price in "[0-9]{0,40}(\\.[0-9]{0,30})?|-?[a-z0-9.]{0,8}",
        change in any::<u32>(), switch in prop::option::of(any::<u32>()), later in prop::option::of((any::<u32>(), any::<u32>())),
    ) {
        let q = Quote {
            customer: Customer { agreement: Agreement::Ea, qualified, cancel_month: cancel, ..Customer::default() },
            horizon_months: h,
            switch_month: switch,
            transactions: vec![
                Transaction { start_month: start, end_month: end, step_up_units: step, sa_covered_devices: covered, changes: later.map(|(m, n)| QuantityChange::new(m, n)).into_iter().collect(), ..Transaction::new("t", service, qty) },
                Transaction { sa_covered_devices: covered, ..Transaction::new("u", "intune", qty) },
            ],
            partners: vec![Partner { id: "A".into(), name: String::new(), eligibility: Eligibility::always() }],
            por: vec![PorAssignment { scope: PorScope::Transaction("t".into()), changes: vec![PorChange { from_month: change, partner: Some("A".into()) }] }],
            overrides: vec![Override { figure: "services.intune.list_price".into(), value: price }],
            ..Quote::empty()
        };
        let _ = compute(&PriceBook::default_book(), &q);
        let _ = licalc_engine::plan::best_switch_month(&PriceBook::default_book(), &q);
    }
}

#[test]
fn huge_prices_are_an_error_not_an_overflow() {
    let mut q = Quote::example();
    q.overrides = vec![Override {
        figure: "services.intune.list_price".into(),
        value: "79228162514264337593543950335".into(),
    }];
    q.transactions[1].quantity = u32::MAX;
    q.transactions[1].sa_covered_devices = 0;
    let problems = compute(&PriceBook::default_book(), &q).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.kind == licalc_engine::ProblemKind::TooLargeToCompute),
        "{problems:?}"
    );
}

/// A customer of a portfolio: a valid quote with a calendar start and a partner service.
fn customer() -> impl Strategy<Value = Quote> {
    (valid_quote(), 0u32..48, 0u32..3, 1u32..5_000).prop_map(|(mut q, start, partner, monthly)| {
        q.start = licalc_engine::quote::CalendarMonth::new(2010, 1).map(|m| m.plus(start));
        q.services = vec![licalc_engine::quote::ServiceLine {
            id: "s1".into(),
            partner: ["A", "B", "C"][partner as usize].into(),
            category: licalc_engine::quote::ServiceCategory::ManagedServices,
            description: String::new(),
            price: licalc_engine::quote::ServicePrice::Monthly {
                from_month: 1,
                to_month: None,
                amount: Decimal::new(i64::from(monthly), 2),
            },
        }];
        q
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// V1 (M5): every partner's portfolio figures, per calendar month and in total, are
    /// the sums of the customers' own quote figures for that month.
    #[test]
    fn v1_portfolio_totals_are_the_sums_of_the_quotes_totals(quotes in prop::collection::vec(customer(), 1..5)) {
        use licalc_engine::portfolio::{portfolio, Input};
        let book = PriceBook::default_book();
        let inputs: Vec<Input> = quotes.iter().enumerate().map(|(i, q)| Input { name: format!("c{i}"), quote: q, book: &book }).collect();
        let p = portfolio(&inputs, quotes[0].start.unwrap()).unwrap();
        prop_assert!(p.refused.is_empty());
        let results: Vec<QuoteResult> = quotes.iter().map(run).collect();
        for id in ["A", "B", "C"] {
            let (months, total) = p.total(|l| l.partner.as_deref() == Some(id)).unwrap();
            let mine = || results.iter().flat_map(|r| r.fees.partners.iter().filter(|f| f.id == id));
            prop_assert_eq!(total.transaction, sum(mine().map(|f| f.transaction_fees)));
            prop_assert_eq!(total.residual, sum(mine().map(|f| f.residual_fees)));
            prop_assert_eq!(total.services, sum(mine().map(|f| f.services_total)));
            for (m, a) in months.iter().enumerate() {
                let month = p.first.plus(m as u32);
                let own = |pick: fn(&licalc_engine::fees::FeeMonth) -> Decimal| sum(quotes.iter().zip(&results).flat_map(|(q, r)| {
                    let at = q.start.unwrap().months_until(month) + 1;
                    r.fees.partners.iter().filter(|f| f.id == id).flat_map(move |f| f.months.iter().filter(move |fm| i64::from(fm.month) == at).map(pick))
                }));
                prop_assert_eq!(a.transaction, own(|fm| fm.transaction));
                prop_assert_eq!(a.residual, own(|fm| fm.residual));
                prop_assert_eq!(a.services, own(|fm| fm.services));
            }
        }
        let (_, all) = p.total(|_| true).unwrap();
        prop_assert_eq!(all.forfeited, sum(results.iter().map(|r| r.fees.forfeited_total)));
    }

    /// R1: a statement paying exactly the expected fee rows, in any order and with some
    /// rows split over two lines, reconciles with no difference.
    #[test]
    fn r1_a_statement_of_the_expected_rows_reconciles_clean(quotes in prop::collection::vec(customer(), 1..4), seed in any::<u64>()) {
        use licalc_engine::portfolio::{portfolio, Input};
        use licalc_engine::statement::{expected, reconcile};
        let book = PriceBook::default_book();
        let inputs: Vec<Input> = quotes.iter().enumerate().map(|(i, q)| Input { name: format!("Customer {i}, Inc"), quote: q, book: &book }).collect();
        let p = portfolio(&inputs, quotes[0].start.unwrap()).unwrap();
        let mut lines: Vec<String> = Vec::new();
        for (i, (k, (amount, _))) in expected(&p).unwrap().into_iter().enumerate() {
            let kind = if k.fee_type == FeeKind::Transaction { "transaction" } else { "residual" };
            let row = |a: Decimal| format!("{},\"{}\",{},{},{kind},{a},USD", k.month, k.customer, k.partner, k.item);
            if (seed >> (i % 64)) & 1 == 1 && !amount.is_zero() {
                let half = (amount / Decimal::TWO).round_dp(2);
                lines.push(row(half));
                lines.push(row(amount - half));
            } else {
                lines.push(row(amount));
            }
        }
        // A deterministic shuffle: statements come in any order.
        let n = lines.len();
        for i in 0..n {
            lines.swap(i, (seed as usize).wrapping_mul(31).wrapping_add(i * 7) % n);
        }
        let text = format!("currency,amount,fee_type,item,partner,customer,month\n{}", lines.iter().map(|l| {
            let f: Vec<&str> = l.splitn(7, ',').collect();
            let (month, rest) = (f[0], &l[f[0].len() + 1..]);
            // Reorder the fields to match the header above: columns come in any order.
            let parts: Vec<&str> = rest.rsplitn(6, ',').collect();
            format!("{},{},{},{},{},{},{month}", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
        }).collect::<Vec<_>>().join("\n"));
        let r = reconcile(&p, &text).unwrap();
        prop_assert!(r.clean(), "{:?}", (&r.differ, &r.missing, &r.unexpected, &r.bad));
        prop_assert_eq!(r.totals.equal.expected, r.totals.equal.paid);
    }
}
