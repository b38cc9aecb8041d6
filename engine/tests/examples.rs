//! RULES.md's worked examples E1-E4, from the shipped quote files, through the public API.

use licalc_engine::{compute, PriceBook, Quote, QuoteResult};

fn run(name: &str) -> QuoteResult {
    let path = format!(
        "{}/../examples/quotes/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let quote = Quote::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    compute(&PriceBook::default_book(), &quote).unwrap_or_else(|p| panic!("{name}: {p:?}"))
}

fn partner(r: &QuoteResult, id: &str) -> [String; 3] {
    let p = r.partners.iter().find(|p| p.id == id).unwrap();
    [
        p.transaction_fees.to_string(),
        p.residual_fees.to_string(),
        p.total.to_string(),
    ]
}

#[test]
fn e1_one_por_throughout() {
    let r = run("E1");
    assert_eq!(r.paths.mosp.months[0].total.to_string(), "1000.00");
    assert_eq!(partner(&r, "A"), ["1440.00", "2160.00", "3600.00"]);
    assert_eq!(r.partners[0].year1_total.to_string(), "2160.00");
}

#[test]
fn e2_por_changes_at_month_7() {
    let r = run("E2");
    assert_eq!(partner(&r, "A"), ["1440.00", "360.00", "1800.00"]);
    assert_eq!(partner(&r, "B"), ["0.00", "1800.00", "1800.00"]);
    assert_eq!(r.fees.total.to_string(), "3600.00");
}

#[test]
fn e3_customer_cancels_at_month_25() {
    let r = run("E3");
    assert_eq!(partner(&r, "A")[2], "2880.00");
    assert_eq!(r.paths.mosp.horizon_total.to_string(), "24000.00");
}

#[test]
fn e4_half_away_from_zero() {
    let r = run("E4");
    assert_eq!(r.paths.mosp.first_year_total.to_string(), "321.00");
    assert_eq!(partner(&r, "A"), ["38.52", "19.32", "57.84"]);
    assert_eq!(
        r.price_book.overridden,
        vec!["services.sharepoint-online.list_price"]
    );
}

#[test]
fn default_quote_computes_with_advice_and_unverified_figures_named() {
    let r = compute(&PriceBook::default_book(), &Quote::default_quote()).unwrap();
    assert!(r.paths.ea.available);
    assert!(!r.advice.is_empty());
    assert!(r
        .price_book
        .unverified_used
        .contains(&"services.intune.list_price".to_string()));
    assert!(
        !r.price_book
            .unverified_used
            .contains(&"services.bpos-standard.list_price".to_string()),
        "verified"
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // P6 in the last month: t4's 30 users have started (30 x 10.00 on MOSP).
    let last = &r.comparison.last_month;
    assert_eq!(
        (last.mosp.to_string(), last.ea.to_string()),
        ("4040.00".into(), "3557.20".into())
    );
    assert_eq!(
        last.mosp - r.comparison.first_month.mosp,
        rust_decimal::Decimal::new(30000, 2)
    );
    // F9: the fees say which terms they were taken at; F2: each partner's eligibility.
    assert_eq!(
        (
            r.fees.transaction_rate.to_string(),
            r.fees.residual_rate.to_string(),
            r.fees.first_year_months
        ),
        ("0.12".into(), "0.06".into(), 12)
    );
    assert!(
        r.partners
            .iter()
            .all(|p| p.eligibility.starts_with("partner network membership ")),
        "{:?}",
        r.partners[0].eligibility
    );
}

#[test]
fn jpy_book_rounds_to_whole_yen() {
    let json = licalc_engine::book::DEFAULT_BOOK_JSON
        .replacen("\"USD\"", "\"JPY\"", 1)
        .replace("\"5.25\"", "\"525.5\"");
    let book = PriceBook::from_json(&json).unwrap();
    let mut q = Quote::default_quote();
    q.transactions = vec![licalc_engine::Transaction {
        id: "t".into(),
        service: "sharepoint-online".into(),
        quantity: 5,
        start_month: 1,
        end_month: None,
        step_up_units: 0,
        sa_covered_devices: 0,
    }];
    q.por.clear();
    let r = compute(&book, &q).unwrap();
    assert_eq!(r.paths.mosp.months[0].total.to_string(), "2628"); // round(2627.5)
                                                                  // No POR at all is allowed (no fees), but reported at the transaction (F6).
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].path, "$.transactions[0]");
    assert_eq!(r.warnings[0].rule, Some("F6"));
    assert!(r.fees.rows.is_empty());
    assert_eq!(r.fees.forfeited.len() as u32, 12 + r.horizon_months); // F3 for the first year, F4 every month
}

/// The quote example in docs/formats.md must stay a valid, priceable quote.
#[test]
fn documented_quote_example_is_valid() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/formats.md"))
        .unwrap();
    let block = doc
        .split("```json")
        .nth(2)
        .and_then(|b| b.split("```").next())
        .expect("second json block");
    let quote = Quote::from_json(block).unwrap_or_else(|p| panic!("{p:?}"));
    let r = compute(&PriceBook::default_book(), &quote).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(r.price_book.overridden, vec!["services.intune.list_price"]);
    // Fabrikam's MOSPA ends at month 30: its Intune residual fees from month 31 are forfeited (F2).
    assert!(r
        .fees
        .forfeited
        .iter()
        .any(|f| f.month == 31 && f.reason.contains("MOSPA")));
}

/// F6: a transaction billed in months without a Partner of Record is flagged at the
/// transaction, naming those months; months nobody is billed in do not count.
#[test]
fn f6_months_without_a_por_are_flagged_at_their_transaction() {
    use licalc_engine::quote::{PorAssignment, PorChange, PorScope};
    let book = PriceBook::default_book();
    let warnings = |q: &Quote| {
        compute(&book, q)
            .unwrap()
            .warnings
            .into_iter()
            .map(|w| (w.path, w.message))
            .collect::<Vec<_>>()
    };

    // The MDOP service's POR starts only at month 7.
    let mut q = Quote::default_quote();
    let mdop = q
        .por
        .iter_mut()
        .find(|a| a.scope == PorScope::Service("mdop".into()))
        .unwrap();
    mdop.changes[0].from_month = 7;
    let t3 = q.transactions.iter().position(|t| t.id == "t3").unwrap();
    assert_eq!(warnings(&q), [(format!("$.transactions[{t3}]"), "No Partner of Record in months 1–6: the fees of transaction t3 in those months go to nobody".to_string())]);

    // A transaction's own "no POR" overrides its service's POR.
    let mut q = Quote::default_quote();
    q.por.push(PorAssignment {
        scope: PorScope::Transaction("t1".into()),
        changes: vec![PorChange {
            from_month: 1,
            partner: None,
        }],
    });
    assert_eq!(warnings(&q), [("$.transactions[0]".to_string(), "No Partner of Record in months 1–36: the fees of transaction t1 in those months go to nobody".to_string())]);

    // No POR from month 2 of the service: a later transaction of it is never covered.
    let mut q = Quote::default_quote();
    let bpos = q
        .por
        .iter_mut()
        .find(|a| a.scope == PorScope::Service("bpos-standard".into()))
        .unwrap();
    bpos.changes.push(PorChange {
        from_month: 2,
        partner: None,
    });
    let w = warnings(&q);
    assert!(
        w.iter().any(|(p, m)| p == "$.transactions[0]"
            && m.starts_with("No Partner of Record in months 2–36:")),
        "{w:?}"
    );

    // Nobody is billed after a cancellation in month 1, so nothing is lost and nothing said.
    let mut q = Quote::default_quote();
    q.por.clear();
    q.customer.cancel_month = Some(1);
    assert_eq!(warnings(&q), []);
}
