//! The UI: `common` pieces, the `customer` mode's form and answer, the `partner` mode's
//! input panels, the `results` both modes draw on, `keep` (saving, sharing, printing)
//! and the partner's `desk` (portfolio, attention, fee statements).

pub mod common;
pub mod customer;
#[cfg(feature = "partner")]
pub mod desk;
#[cfg(feature = "partner")]
pub mod keep;
#[cfg(feature = "partner")]
pub mod partner;
pub mod results;
