//! A quote file, as bytes: read (any format, migrated), then priced on the default book
//! and searched for the best switch month. Any input gives a result or problems, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use licalc_engine::{compute, plan, problem, PriceBook, Quote};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = problem::utf8(data) else {
        return;
    };
    let Ok(quote) = Quote::from_json(text) else {
        return;
    };
    let book = PriceBook::default_book();
    let _ = compute(&book, &quote);
    let _ = plan::best_switch_month(&book, &quote);
});
