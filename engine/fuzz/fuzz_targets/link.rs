//! A share link (a URL, a `#q=` fragment or the payload alone): decoded, then the quote
//! priced with the book the link carries, or the default book.
#![no_main]

use libfuzzer_sys::fuzz_target;
use licalc_engine::{compute, link, PriceBook};

fuzz_target!(|text: &str| {
    let Ok(opened) = link::decode(text) else {
        return;
    };
    let book = opened.book.unwrap_or_else(PriceBook::default_book);
    let _ = compute(&book, &opened.quote);
});
