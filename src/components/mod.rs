//! One module per panel; `field` is the validated input they share, `explain` the
//! "how was this computed" pieces.

pub mod customer;
pub mod explain;
pub mod field;
pub mod results;
pub mod transactions;
