//! Pieces every panel uses: the validated field, engine sentences with rule buttons,
//! lazy disclosures, pages of long lists and tables, a quote's price-book news.

#[cfg(feature = "partner")]
pub mod each;
pub mod field;
pub mod lazy;
pub mod news;
#[cfg(feature = "partner")]
pub mod pager;
#[cfg(feature = "partner")]
pub mod table;
pub mod text;
