//! A fee statement (CSV text) reconciled against a portfolio of the example quote
//! (Contoso Ltd, from April 2011), as `licalc reconcile` and the app do.
#![no_main]

use libfuzzer_sys::fuzz_target;
use licalc_engine::portfolio::{portfolio, Input, Portfolio};
use licalc_engine::{statement, PriceBook, Quote};
use std::sync::OnceLock;

fn contoso() -> &'static Portfolio {
    static P: OnceLock<Portfolio> = OnceLock::new();
    P.get_or_init(|| {
        let book = PriceBook::default_book();
        let mut quote = Quote::example();
        quote.start = Some("2011-04".parse().expect("a month"));
        let inputs = [Input {
            name: quote.customer.name.clone(),
            quote: &quote,
            book: &book,
        }];
        portfolio(&inputs, "2011-04".parse().expect("a month")).expect("the example prices")
    })
}

fuzz_target!(|text: &str| {
    let _ = statement::reconcile(contoso(), text);
});
