//! The UI: `common` pieces, the `customer` mode's form and answer, the `partner` mode's
//! input panels, and the `results` both modes draw on.

pub mod common;
pub mod customer;
pub mod keep;
pub mod partner;
pub mod results;
