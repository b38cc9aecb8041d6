//! How long one full computation takes: a typical quote (5 transactions, 36 months)
//! and a large one (200 transactions, 120 months, 20 partners). The app recomputes on
//! every keystroke, so the large case must stay well inside one 16 ms frame.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use licalc_engine::portfolio::Input;
use licalc_engine::quote::{Eligibility, Partner, PorAssignment, PorChange, PorScope};
use licalc_engine::{compute, PriceBook, Quote, Transaction};

const SERVICES: [&str; 6] = [
    "bpos-standard",
    "exchange-online",
    "sharepoint-online",
    "bpos-deskless",
    "intune",
    "office-live-meeting",
];

/// `n` transactions over `h` months with `partners` partners, each service's POR
/// changing every year, so every part of the engine does real work.
pub fn quote(n: usize, h: u32, partners: usize) -> Quote {
    let transactions: Vec<Transaction> = (0..n)
        .map(|i| Transaction {
            start_month: 1 + (i as u32 * 7) % h,
            step_up_units: if i % 6 == 4 { 0 } else { (i as u32) % 5 },
            sa_covered_devices: if i % 6 == 4 { (i as u32) % 5 } else { 0 },
            ..Transaction::new(
                format!("t{i}"),
                SERVICES[i % SERVICES.len()],
                5 + (i as u32 * 37) % 400,
            )
        })
        .collect();
    let partners: Vec<Partner> = (0..partners)
        .map(|p| Partner {
            id: format!("p{p}"),
            name: format!("Partner {p}"),
            eligibility: Eligibility::always(),
        })
        .collect();
    let por = SERVICES
        .iter()
        .enumerate()
        .map(|(s, id)| PorAssignment {
            scope: PorScope::Service((*id).into()),
            changes: (0..h.div_ceil(12))
                .map(|y| PorChange {
                    from_month: y * 12 + 1,
                    partner: Some(format!("p{}", (s + y as usize) % partners.len())),
                })
                .collect(),
        })
        .collect();
    Quote {
        horizon_months: h,
        transactions,
        partners,
        por,
        ..Quote::example()
    }
}

fn bench(c: &mut Criterion) {
    let book = PriceBook::default_book();
    let typical = quote(5, 36, 2);
    let large = quote(200, 120, 20);
    // Both must compute: a rejected quote would time the validation error path instead.
    assert!(
        compute(&book, &typical).is_ok(),
        "the typical quote must be valid"
    );
    assert!(
        compute(&book, &large).is_ok(),
        "the large quote must be valid"
    );
    c.bench_function("compute typical (5 transactions, 36 months)", |b| {
        b.iter(|| compute(black_box(&book), black_box(&typical)))
    });
    let mut g = c.benchmark_group("large");
    g.sample_size(20);
    g.bench_function(
        "compute large (200 transactions, 120 months, 20 partners)",
        |b| b.iter(|| compute(black_box(&book), black_box(&large))),
    );
    // The app's heaviest edit (tests/browser/perf.mjs): ten years and more of 200 rows.
    let long = quote(200, 240, 2);
    assert!(
        compute(&book, &long).is_ok(),
        "the long quote must be valid"
    );
    g.bench_function(
        "compute long (200 transactions, 240 months, 2 partners)",
        |b| b.iter(|| compute(black_box(&book), black_box(&long))),
    );
    // T6: every switch month of the large quote tried (off the app's edit path).
    g.sample_size(10);
    g.bench_function(
        "best switch month (200 transactions, 120 months, 20 partners)",
        |b| b.iter(|| licalc_engine::plan::best_switch_month(black_box(&book), black_box(&large))),
    );
    g.finish();
    portfolio(c, &book);
}

/// V1: a partner's book of 100 customers, each 20 transactions over 60 months, with
/// starts spread over two years. The app recomputes it when a saved quote changes.
fn portfolio(c: &mut Criterion, book: &PriceBook) {
    let start: licalc_engine::quote::CalendarMonth = "2011-01".parse().expect("a month");
    let quotes: Vec<Quote> = (0..100u32)
        .map(|i| Quote {
            start: Some(start.plus(i % 24)),
            ..quote(20, 60, 3)
        })
        .collect();
    let inputs: Vec<Input> = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| Input {
            name: format!("Customer {i}"),
            quote: q,
            book,
        })
        .collect();
    let now = start.plus(6);
    let built = licalc_engine::portfolio::portfolio(&inputs, now).expect("no overflow");
    assert!(built.refused.is_empty(), "every customer must be priced");
    let mut g = c.benchmark_group("portfolio");
    g.sample_size(10);
    g.bench_function(
        "portfolio (100 customers x 20 transactions x 60 months)",
        |b| b.iter(|| licalc_engine::portfolio::portfolio(black_box(&inputs), now)),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
