//! One module per panel; `field` is the validated input they share, `explain` the
//! "how was this computed" pieces.

pub mod charts;
pub mod customer;
pub mod explain;
pub mod fees;
pub mod field;
pub mod import_export;
pub mod months;
pub mod partners;
pub mod price_book;
pub mod results;
pub mod transactions;
