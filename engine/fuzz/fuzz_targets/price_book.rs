//! A price book file: read and validated, then the example quote priced with it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use licalc_engine::{compute, plan, PriceBook, Quote};

fuzz_target!(|text: &str| {
    let Ok(book) = PriceBook::from_json(text) else {
        return;
    };
    let quote = Quote::example();
    let _ = compute(&book, &quote);
    let _ = plan::best_switch_month(&book, &quote);
});
