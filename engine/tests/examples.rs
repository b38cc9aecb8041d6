//! RULES.md's worked examples E1-E8, from the shipped quote files, through the public API.

use licalc_engine::{compute, ForfeitedRun, PathKind, PriceBook, Quote, QuoteResult};

fn quote(name: &str) -> Quote {
    let path = format!(
        "{}/../examples/quotes/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Quote::from_json(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|p| panic!("{name}: {p:?}"))
}

fn run(name: &str) -> QuoteResult {
    compute(&PriceBook::default_book(), &quote(name)).unwrap_or_else(|p| panic!("{name}: {p:?}"))
}

fn partner(r: &QuoteResult, id: &str) -> [String; 3] {
    let p = r.fees.partners.iter().find(|p| p.id == id).unwrap();
    [
        p.transaction_fees.to_string(),
        p.residual_fees.to_string(),
        p.total.to_string(),
    ]
}

/// The figures the quote overrides, as their keys.
fn overridden(r: &QuoteResult) -> Vec<String> {
    r.price_book
        .overridden
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn e1_one_por_throughout() {
    let r = run("E1");
    assert_eq!(r.paths.mosp.months[0].total.to_string(), "1000.00");
    assert_eq!(partner(&r, "A"), ["1440.00", "2160.00", "3600.00"]);
    assert_eq!(r.fees.partners[0].year1_total.to_string(), "2160.00");
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
    assert_eq!(overridden(&r), ["services.sharepoint-online.list_price"]);
}

#[test]
fn e5_t3_fewer_seats_from_month_7() {
    let r = run("E5");
    assert_eq!(r.paths.mosp.horizon_total.to_string(), "9600.00");
    let months: Vec<String> = r
        .paths
        .mosp
        .months
        .iter()
        .map(|m| m.total.to_string())
        .collect();
    assert_eq!(
        months[..7],
        ["1000.00", "1000.00", "1000.00", "1000.00", "1000.00", "1000.00", "600.00"]
    );
    assert_eq!(partner(&r, "A"), ["1152.00", "576.00", "1728.00"]);
    assert_eq!(r.start.unwrap().to_string(), "2011-03");
}

#[test]
fn e6_t4_a_lapsed_agreement_forfeits_months_4_to_6() {
    let r = run("E6");
    assert_eq!(partner(&r, "A"), ["1080.00", "540.00", "1620.00"]);
    assert_eq!(r.fees.forfeited_total.to_string(), "540.00");
    let gap: Vec<(u32, u32)> = r
        .fees
        .forfeited
        .iter()
        .map(|f| (f.from_month, f.to_month))
        .collect();
    assert!(gap.iter().all(|&(a, b)| a == 4 && b == 6), "{gap:?}");
}

#[test]
fn e7_t5_true_up_moves_year_2_to_level_b() {
    let r = run("E7");
    let years: Vec<String> = r
        .paths
        .ea
        .years
        .iter()
        .map(|y| y.total.to_string())
        .collect();
    assert_eq!(years, ["223200.00", "211200.00"]);
    let levels: Vec<&str> = r
        .paths
        .ea
        .ea_years
        .iter()
        .map(|y| y.level.as_str())
        .collect();
    assert_eq!(levels, ["A", "B"]);
}

#[test]
fn e8_t6_mosp_then_ea_from_month_13() {
    let r = run("E8");
    let s = r.paths.switch.as_ref().unwrap();
    assert_eq!(
        (
            s.years[0].total.to_string(),
            s.years[1].total.to_string(),
            s.horizon_total.to_string()
        ),
        ("34200.00".into(), "33480.00".into(), "67680.00".into())
    );
    let a = &r.switch_fees.as_ref().unwrap().partners[0];
    assert_eq!(
        [
            a.transaction_fees.to_string(),
            a.residual_fees.to_string(),
            a.total.to_string()
        ],
        ["4104.00", "2052.00", "6156.00"]
    );
    assert!(a.months[12..].iter().all(|m| m.total.is_zero()));
    assert_eq!(
        r.comparison.horizon.cheaper_available.path,
        PathKind::Switch,
        "no EA today: the switch is the plan to choose"
    );
}

#[test]
fn the_example_computes_with_advice_and_unverified_figures_named() {
    let r = compute(&PriceBook::default_book(), &Quote::example()).unwrap();
    assert!(r.paths.ea.available());
    assert!(!r.advice.is_empty());
    let unverified: Vec<String> = r
        .price_book
        .unverified_used
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(unverified.contains(&"services.intune.list_price".to_string()));
    assert!(
        !unverified.contains(&"services.bpos-standard.list_price".to_string()),
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
        (
            r.fees.transaction_rate.to_string(),
            r.fees.residual_rate.to_string(),
            r.fees.first_year_months
        ),
        ("0.12".into(), "0.06".into(), 12)
    );
}

#[test]
fn jpy_book_rounds_to_whole_yen() {
    let json = licalc_engine::book::DEFAULT_BOOK_JSON
        .replacen("\"USD\"", "\"JPY\"", 1)
        .replace("\"5.25\"", "\"525.5\"");
    let book = PriceBook::from_json(&json).unwrap();
    let mut q = Quote::example();
    q.transactions = vec![licalc_engine::Transaction::new("t", "sharepoint-online", 5)];
    q.por.clear();
    let r = compute(&book, &q).unwrap();
    assert_eq!(r.paths.mosp.months[0].total.to_string(), "2628"); // round(2627.5)
                                                                  // No POR at all is allowed (no fees), but reported at the transaction (F6).
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].path.to_string(), "$.transactions[0]");
    assert!(r.fees.runs.is_empty());
    let months: u32 = r.fees.forfeited.iter().map(ForfeitedRun::months).sum();
    assert_eq!(months, 12 + r.horizon_months); // F3 for the first year, F4 every month
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
    assert_eq!(overridden(&r), ["services.intune.list_price"]);
    // Fabrikam's MOSPA ends at month 30: its Intune residual fees from month 31 are forfeited (F2).
    assert!(r
        .fees
        .forfeited
        .iter()
        .any(|f| f.from_month == 31 && f.cause == licalc_engine::ForfeitCause::NotEligible));
}
