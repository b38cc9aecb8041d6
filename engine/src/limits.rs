//! Limits on what the engine accepts, checked in validation so the CLI, file import,
//! share links and saved quotes share them (documented in `docs/formats.md`).
//!
//! Each is far above what a real partner meets (a customer with thousands of purchase
//! transactions over twenty years is real; a 10 MB id is not) and low enough that the
//! largest accepted quote still computes and renders in well under a second. Over a
//! limit is a problem at the value's path that names the limit, found before any slow
//! work is done.

/// Bytes of any JSON document or CSV statement read (quote, price book, statement,
/// decompressed share link, saved entry).
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;
/// Characters of a share link's fragment.
pub const MAX_LINK_CHARS: usize = 256 * 1024;
/// Characters of an id (transaction, partner, service, service line, level).
pub const MAX_ID_CHARS: usize = 64;
/// Characters of a name (customer, partner, service, price book).
pub const MAX_NAME_CHARS: usize = 200;
/// Characters of a longer text: a figure's source, a service line's description.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Transactions in one quote.
pub const MAX_TRANSACTIONS: usize = 5_000;
/// Partners in one quote.
pub const MAX_PARTNERS: usize = 500;
/// Partner of Record assignments in one quote (one per transaction and per service).
pub const MAX_POR_ASSIGNMENTS: usize = 6_000;
/// Entries of any month-keyed list: a transaction's quantity changes, an assignment's
/// POR changes, a condition's month ranges, EA true-ups. Each names a different month
/// of a horizon of at most 240, so more cannot be meant.
pub const MAX_MONTH_ENTRIES: usize = 240;
/// Partner service lines in one quote.
pub const MAX_SERVICE_LINES: usize = 5_000;
/// Price-book figure overrides in one quote.
pub const MAX_OVERRIDES: usize = 2_000;
/// Services in one price book.
pub const MAX_BOOK_SERVICES: usize = 500;
/// Quotes in one portfolio.
pub const MAX_PORTFOLIO_QUOTES: usize = 1_000;
/// Largest amount, either sign, one fee-statement line may carry: a trillion in the
/// currency's units, so sums over a whole statement cannot overflow.
pub const MAX_STATEMENT_AMOUNT: i64 = 1_000_000_000_000;
