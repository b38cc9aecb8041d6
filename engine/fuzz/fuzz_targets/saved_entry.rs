//! A saved quote as the browser stores it: the entry read and opened, then the quote
//! priced with the entry's own book, or the default book.
#![no_main]

use libfuzzer_sys::fuzz_target;
use licalc_engine::store::Saved;
use licalc_engine::{compute, PriceBook};

fuzz_target!(|text: &str| {
    let Ok(saved) = Saved::from_json(text) else {
        return;
    };
    let Ok((quote, book)) = saved.open() else {
        return;
    };
    let book = book.unwrap_or_else(PriceBook::default_book);
    let _ = compute(&book, &quote);
});
