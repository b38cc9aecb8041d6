//! Keeping and sharing a quote: the toolbar, the saved quotes, the printable document.

pub mod print;
pub mod saved;
pub mod toolbar;
