//! Who the app is talking to. Its own module so that both the state and the DOM ids
//! (which differ by mode) can name it without importing each other.

/// Who the app is talking to: a customer (a short form and the answer) or a partner
/// (the full calculator). Switching keeps the quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Customer,
    Partner,
}
