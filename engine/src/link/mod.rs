//! Share links: the whole quote (and a loaded price book) in a URL fragment, so it
//! never reaches a server. `#q=` then a version character, then the quote in a compact
//! binary form (postcard's, written by hand in [`wire`]), compressed (raw deflate) and
//! in URL-safe base64.
//!
//! A link is a promise: every version's wire format stays here, frozen, and is read
//! forever (a fixture link of each version is in the tests). Version `1` is the first.
//! A new quote format gets a new link version; old versions are mapped onto the
//! current quote when read.

use crate::book::PriceBook;
use crate::limits::{MAX_DOCUMENT_BYTES, MAX_LINK_CHARS};
use crate::problem::Problem;
use crate::quote::{
    Agreement, BookRef, CalendarMonth, Customer, Eligibility, MonthRange, Override, Partner,
    PorAssignment, PorChange, PorScope, QuantityChange, Quote, ServiceCategory, ServiceLine,
    ServicePrice, Transaction, TrueUp, Units, QUOTE_FORMAT,
};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rust_decimal::Decimal;

mod wire;

/// The version new links are written in.
pub const LINK_VERSION: char = '1';

/// Why a link does not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// No quote in it (no `#q=`, or nothing after it).
    Missing,
    /// A version this calculator does not know: made by a newer one, or mistyped.
    UnknownVersion {
        version: String,
    },
    /// Cut short, changed or not a link at all.
    Corrupt,
    TooLarge {
        length: usize,
        limit: usize,
    },
    /// The price book it carries is not valid.
    Book(Vec<Problem>),
}

/// What a link holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub quote: Quote,
    /// A price book the sender had loaded (C1), if any.
    pub book: Option<PriceBook>,
}

/// A link read up to the price book it may carry, which is still JSON text: the app
/// decodes links in a small part of its own and parses a book's JSON (rare in links) in
/// its JSON reader. [`Unpacked::open`] finishes the job; `decode` is `unpack` then `open`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unpacked {
    /// The price book's JSON, if the link carries one.
    pub book: Option<String>,
    /// The quote, or why the link is damaged. Kept, not returned at once: a link damaged
    /// there that also carries an invalid book reports the book, as it always has.
    pub quote: Result<Quote, LinkError>,
}

impl Unpacked {
    /// The quote and the book, the book read as a price book file is.
    pub fn open(self) -> Result<Opened, LinkError> {
        let book = match self.book {
            Some(json) => Some(PriceBook::from_json(&json).map_err(LinkError::Book)?),
            None => None,
        };
        Ok(Opened {
            quote: self.quote?,
            book,
        })
    }
}

// ---- version 1: frozen ------------------------------------------------------------
// Do not change these types: links made with them must keep opening. Field order is
// the wire order.

mod v1 {
    // Serde's derives only for the tests, which hold `wire` to postcard itself.
    #[cfg(test)]
    use serde::{Deserialize, Serialize};

    #[cfg_attr(test, derive(Serialize, Deserialize, Debug, PartialEq))]
    pub struct Wire {
        pub book_ref: Option<(String, String)>,
        pub start: Option<(u32, u32)>,
        pub name: String,
        pub agreement: u8,
        pub qualified: u32,
        pub true_ups: Vec<(u32, u32)>,
        pub cancel: Option<u32>,
        pub horizon: u32,
        pub switch: Option<u32>,
        /// Service ids, referred to by index below.
        pub services: Vec<String>,
        pub transactions: Vec<Tx>,
        pub partners: Vec<PartnerW>,
        pub por: Vec<Por>,
        pub lines: Vec<Line>,
        pub overrides: Vec<(String, String)>,
        /// A loaded price book, as its JSON.
        pub book: Option<String>,
    }

    #[cfg_attr(test, derive(Serialize, Deserialize, Debug, PartialEq))]
    pub struct Tx {
        pub id: String,
        pub service: u32,
        pub quantity: u32,
        pub start: u32,
        pub end: Option<u32>,
        pub step_up: u32,
        pub covered: u32,
        pub changes: Vec<(u32, u32, Option<u32>, Option<u32>)>,
    }

    #[cfg_attr(test, derive(Serialize, Deserialize, Debug, PartialEq))]
    pub struct PartnerW {
        pub id: String,
        pub name: String,
        pub membership: Vec<(u32, Option<u32>)>,
        pub agreement: Vec<(u32, Option<u32>)>,
        pub assessment: Vec<(u32, Option<u32>)>,
    }

    #[cfg_attr(test, derive(Serialize, Deserialize, Debug, PartialEq))]
    pub struct Por {
        /// `(false, service index)` or `(true, transaction index)`; an id no longer in
        /// the quote travels as text.
        pub scope: Scope,
        /// Partner index, or none (no POR from this month).
        pub changes: Vec<(u32, Option<u32>)>,
    }

    #[cfg_attr(test, derive(Serialize, Deserialize, Debug, PartialEq))]
    pub enum Scope {
        Service(u32),
        Transaction(u32),
        ServiceId(String),
        TransactionId(String),
    }

    #[cfg_attr(test, derive(Serialize, Deserialize, Debug, PartialEq))]
    pub struct Line {
        pub id: String,
        pub partner: String,
        pub category: u8,
        pub description: String,
        pub price: Price,
    }

    #[cfg_attr(test, derive(Serialize, Deserialize, Debug, PartialEq))]
    pub enum Price {
        Fixed(u32, String),
        PerUnit(u32, String, UnitsW),
        Monthly(u32, Option<u32>, String),
        MonthlyPerUnit(u32, Option<u32>, String, UnitsW),
    }

    #[cfg_attr(test, derive(Serialize, Deserialize, Debug, PartialEq))]
    pub enum UnitsW {
        Count(u32),
        Follow(String),
    }
}

const AGREEMENTS: [Agreement; 5] = Agreement::ALL;

fn range_w(r: &[MonthRange]) -> Vec<(u32, Option<u32>)> {
    r.iter().map(|r| (r.from_month, r.to_month)).collect()
}

fn range_q(r: Vec<(u32, Option<u32>)>) -> Vec<MonthRange> {
    r.into_iter()
        .map(|(from_month, to_month)| MonthRange {
            from_month,
            to_month,
        })
        .collect()
}

fn units_w(u: &Units) -> v1::UnitsW {
    match u {
        Units::Count(n) => v1::UnitsW::Count(*n),
        Units::Follow { transaction } => v1::UnitsW::Follow(transaction.clone()),
    }
}

fn units_q(u: v1::UnitsW) -> Units {
    match u {
        v1::UnitsW::Count(n) => Units::Count(n),
        v1::UnitsW::Follow(transaction) => Units::Follow { transaction },
    }
}

/// Service ids as they are first met, so each travels once and is named by index.
#[derive(Default)]
struct ServiceIds(Vec<String>);

impl ServiceIds {
    fn index(&mut self, s: &str) -> u32 {
        match self.0.iter().position(|x| x == s) {
            Some(i) => i as u32,
            None => {
                self.0.push(s.to_string());
                self.0.len() as u32 - 1
            }
        }
    }
}

fn transaction_w(t: &Transaction, services: &mut ServiceIds) -> v1::Tx {
    v1::Tx {
        id: t.id.clone(),
        service: services.index(&t.service),
        quantity: t.quantity,
        start: t.start_month,
        end: t.end_month,
        step_up: t.step_up_units,
        covered: t.sa_covered_devices,
        changes: t
            .changes
            .iter()
            .map(|c| {
                (
                    c.from_month,
                    c.quantity,
                    c.step_up_units,
                    c.sa_covered_devices,
                )
            })
            .collect(),
    }
}

fn por_w(q: &Quote, a: &PorAssignment, services: &mut ServiceIds) -> v1::Por {
    let partner_index = |p: &str| q.partners.iter().position(|x| x.id == p).map(|i| i as u32);
    v1::Por {
        scope: match &a.scope {
            PorScope::Service(s) => v1::Scope::Service(services.index(s)),
            PorScope::Transaction(t) => match q.transactions.iter().position(|x| &x.id == t) {
                Some(i) => v1::Scope::Transaction(i as u32),
                None => v1::Scope::TransactionId(t.clone()),
            },
        },
        // A partner not in the quote cannot be named by index: it travels as none,
        // which the quote's own validation would have refused anyway.
        changes: a
            .changes
            .iter()
            .map(|c| (c.from_month, c.partner.as_deref().and_then(partner_index)))
            .collect(),
    }
}

fn price_w(p: &ServicePrice) -> v1::Price {
    match p {
        ServicePrice::Fixed { month, amount } => v1::Price::Fixed(*month, amount.to_string()),
        ServicePrice::PerUnit {
            month,
            unit_price,
            units,
        } => v1::Price::PerUnit(*month, unit_price.to_string(), units_w(units)),
        ServicePrice::Monthly {
            from_month,
            to_month,
            amount,
        } => v1::Price::Monthly(*from_month, *to_month, amount.to_string()),
        ServicePrice::MonthlyPerUnit {
            from_month,
            to_month,
            unit_price,
            units,
        } => v1::Price::MonthlyPerUnit(
            *from_month,
            *to_month,
            unit_price.to_string(),
            units_w(units),
        ),
    }
}

fn line_w(l: &ServiceLine) -> v1::Line {
    v1::Line {
        id: l.id.clone(),
        partner: l.partner.clone(),
        category: ServiceCategory::ALL
            .iter()
            .position(|c| *c == l.category)
            .unwrap_or(3) as u8,
        description: l.description.clone(),
        price: price_w(&l.price),
    }
}

fn partner_w(p: &Partner) -> v1::PartnerW {
    v1::PartnerW {
        id: p.id.clone(),
        name: p.name.clone(),
        membership: range_w(&p.eligibility.membership),
        agreement: range_w(&p.eligibility.agreement),
        assessment: range_w(&p.eligibility.assessment),
    }
}

fn to_wire(q: &Quote, book: Option<&PriceBook>) -> v1::Wire {
    // Transactions name their services first, then POR assignments: the indexes are
    // part of the wire format, so this order stays.
    let mut services = ServiceIds::default();
    let transactions = q
        .transactions
        .iter()
        .map(|t| transaction_w(t, &mut services))
        .collect();
    let por = q.por.iter().map(|a| por_w(q, a, &mut services)).collect();
    v1::Wire {
        book_ref: q
            .price_book
            .as_ref()
            .map(|b| (b.id.clone(), b.version.clone())),
        start: q.start.map(|s| (s.year(), s.month())),
        name: q.customer.name.clone(),
        agreement: AGREEMENTS
            .iter()
            .position(|a| *a == q.customer.agreement)
            .unwrap_or(0) as u8,
        qualified: q.customer.qualified,
        true_ups: q
            .customer
            .true_ups
            .iter()
            .map(|t| (t.ea_year, t.qualified))
            .collect(),
        cancel: q.customer.cancel_month,
        horizon: q.horizon_months,
        switch: q.switch_month,
        services: services.0,
        transactions,
        partners: q.partners.iter().map(partner_w).collect(),
        por,
        lines: q.services.iter().map(line_w).collect(),
        overrides: q
            .overrides
            .iter()
            .map(|o| (o.figure.clone(), o.value.clone()))
            .collect(),
        book: book.and_then(|b| serde_json::to_string(b).ok()),
    }
}

fn decimal(s: &str) -> Result<Decimal, LinkError> {
    s.parse().map_err(|_| LinkError::Corrupt)
}

fn price_q(p: v1::Price) -> Result<ServicePrice, LinkError> {
    Ok(match p {
        v1::Price::Fixed(month, a) => ServicePrice::Fixed {
            month,
            amount: decimal(&a)?,
        },
        v1::Price::PerUnit(month, a, u) => ServicePrice::PerUnit {
            month,
            unit_price: decimal(&a)?,
            units: units_q(u),
        },
        v1::Price::Monthly(from_month, to_month, a) => ServicePrice::Monthly {
            from_month,
            to_month,
            amount: decimal(&a)?,
        },
        v1::Price::MonthlyPerUnit(from_month, to_month, a, u) => ServicePrice::MonthlyPerUnit {
            from_month,
            to_month,
            unit_price: decimal(&a)?,
            units: units_q(u),
        },
    })
}

fn service_q(services: &[String], i: u32) -> Result<String, LinkError> {
    services.get(i as usize).cloned().ok_or(LinkError::Corrupt)
}

fn transaction_q(t: &v1::Tx, services: &[String]) -> Result<Transaction, LinkError> {
    Ok(Transaction {
        id: t.id.clone(),
        service: service_q(services, t.service)?,
        quantity: t.quantity,
        start_month: t.start,
        end_month: t.end,
        step_up_units: t.step_up,
        sa_covered_devices: t.covered,
        changes: t
            .changes
            .iter()
            .map(
                |&(from_month, quantity, step_up_units, sa_covered_devices)| QuantityChange {
                    from_month,
                    quantity,
                    step_up_units,
                    sa_covered_devices,
                },
            )
            .collect(),
    })
}

/// A POR assignment, its indexes resolved against the services, transactions (already
/// read) and partners of the link.
fn por_q(
    a: &v1::Por,
    services: &[String],
    transactions: &[Transaction],
    partners: &[v1::PartnerW],
) -> Result<PorAssignment, LinkError> {
    let partner = |i: u32| {
        partners
            .get(i as usize)
            .map(|p| p.id.clone())
            .ok_or(LinkError::Corrupt)
    };
    let scope = match &a.scope {
        v1::Scope::Service(i) => PorScope::Service(service_q(services, *i)?),
        v1::Scope::Transaction(i) => PorScope::Transaction(
            transactions
                .get(*i as usize)
                .ok_or(LinkError::Corrupt)?
                .id
                .clone(),
        ),
        v1::Scope::ServiceId(s) => PorScope::Service(s.clone()),
        v1::Scope::TransactionId(t) => PorScope::Transaction(t.clone()),
    };
    let changes = a
        .changes
        .iter()
        .map(|&(from_month, p)| {
            Ok(PorChange {
                from_month,
                partner: p.map(partner).transpose()?,
            })
        })
        .collect::<Result<_, LinkError>>()?;
    Ok(PorAssignment { scope, changes })
}

fn line_q(l: v1::Line) -> Result<ServiceLine, LinkError> {
    Ok(ServiceLine {
        id: l.id,
        partner: l.partner,
        category: *ServiceCategory::ALL
            .get(l.category as usize)
            .ok_or(LinkError::Corrupt)?,
        description: l.description,
        price: price_q(l.price)?,
    })
}

fn partner_q(p: v1::PartnerW) -> Partner {
    Partner {
        id: p.id,
        name: p.name,
        eligibility: Eligibility {
            membership: range_q(p.membership),
            agreement: range_q(p.agreement),
            assessment: range_q(p.assessment),
        },
    }
}

fn from_wire(w: v1::Wire) -> Result<Unpacked, LinkError> {
    // Read in this order, so a link both damaged and carrying an invalid book is
    // reported the same way as ever: damage before the book first, then the book
    // (`Unpacked::open`), then damage after it.
    let transactions = w
        .transactions
        .iter()
        .map(|t| transaction_q(t, &w.services))
        .collect::<Result<Vec<_>, LinkError>>()?;
    let por = w
        .por
        .iter()
        .map(|a| por_q(a, &w.services, &transactions, &w.partners))
        .collect::<Result<Vec<_>, LinkError>>()?;
    let book = w.book.clone();
    let quote = quote_q(w, transactions, por);
    Ok(Unpacked { book, quote })
}

/// The rest of the quote, after the price book.
fn quote_q(
    w: v1::Wire,
    transactions: Vec<Transaction>,
    por: Vec<PorAssignment>,
) -> Result<Quote, LinkError> {
    let services = w
        .lines
        .into_iter()
        .map(line_q)
        .collect::<Result<Vec<_>, LinkError>>()?;
    Ok(Quote {
        format: QUOTE_FORMAT,
        price_book: w.book_ref.map(|(id, version)| BookRef { id, version }),
        start: match w.start {
            Some((y, m)) => Some(CalendarMonth::new(y, m).ok_or(LinkError::Corrupt)?),
            None => None,
        },
        customer: Customer {
            name: w.name,
            agreement: *AGREEMENTS
                .get(w.agreement as usize)
                .ok_or(LinkError::Corrupt)?,
            qualified: w.qualified,
            true_ups: w
                .true_ups
                .into_iter()
                .map(|(ea_year, qualified)| TrueUp { ea_year, qualified })
                .collect(),
            cancel_month: w.cancel,
        },
        horizon_months: w.horizon,
        switch_month: w.switch,
        transactions,
        partners: w.partners.into_iter().map(partner_q).collect(),
        por,
        services,
        overrides: w
            .overrides
            .into_iter()
            .map(|(figure, value)| Override { figure, value })
            .collect(),
    })
}

/// The link's payload for a quote: the version character and the encoded quote
/// (what follows `#q=`).
pub fn encode(quote: &Quote, book: Option<&PriceBook>) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(&wire_bytes(quote, book), 9);
    payload_of_deflated(&packed)
}

/// What [`encode`] compresses. A front end that has a deflate of its own (the widget:
/// the browser's) compresses these and passes the result to [`payload_of_deflated`],
/// and leaves the compressor's code out of its wasm. Any raw deflate stream of these
/// bytes, at any level, opens the same quote; only the link's length differs.
pub fn wire_bytes(quote: &Quote, book: Option<&PriceBook>) -> Vec<u8> {
    wire::write(&to_wire(quote, book))
}

/// The payload for [`wire_bytes`] compressed as raw deflate (RFC 1951).
pub fn payload_of_deflated(packed: &[u8]) -> String {
    format!("{LINK_VERSION}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// `bytes` as raw deflate in stored (uncompressed) blocks: valid deflate with no
/// compressor, for a front end whose deflate is missing (the widget in a browser
/// without `CompressionStream`). The link is longer and opens the same quote.
pub fn deflate_stored(bytes: &[u8]) -> Vec<u8> {
    const MAX_BLOCK: usize = u16::MAX as usize;
    let mut out = Vec::with_capacity(bytes.len() + 5 * (bytes.len() / MAX_BLOCK + 1));
    let mut blocks = bytes.chunks(MAX_BLOCK).peekable();
    if blocks.peek().is_none() {
        // One empty final block.
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        // BFINAL on the last block, BTYPE 00 (stored): the header's byte, then LEN and
        // its one's complement NLEN, little-endian, then the bytes as they are.
        out.push(u8::from(blocks.peek().is_none()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out
}

/// `#q=` and the payload: what goes after a page's address.
pub fn fragment(quote: &Quote, book: Option<&PriceBook>) -> String {
    fragment_of(&encode(quote, book))
}

/// `#q=` and a payload made otherwise ([`payload_of_deflated`]).
pub fn fragment_of(payload: &str) -> String {
    format!("#q={payload}")
}

/// Opens a link: a whole URL, a fragment (`#q=…`) or the payload alone. Every version
/// ever written is read; a damaged link is an error, never a wrong quote.
pub fn decode(link: &str) -> Result<Opened, LinkError> {
    unpack(link)?.open()
}

/// Reads a link up to its price book (`decode` without reading the book's JSON): its
/// payload ([`deflated`]), inflated ([`Deflated::inflate`]), then read
/// ([`Deflated::open`]). The app takes these steps apart to inflate with the browser's
/// own decompressor when it has one, and this module's only when it has not.
pub fn unpack(link: &str) -> Result<Unpacked, LinkError> {
    let deflated = deflated(link)?;
    let bytes = deflated.inflate()?;
    deflated.open(&bytes)
}

/// A link's payload, still compressed. Version `1`'s, the only one so far: a version
/// with another wire form would say which here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deflated {
    /// Raw deflate (RFC 1951) of the wire form.
    pub bytes: Vec<u8>,
}

/// A link's payload: a whole URL, a fragment (`#q=…`) or the payload alone, checked for
/// its length and version and base64-decoded.
pub fn deflated(link: &str) -> Result<Deflated, LinkError> {
    let link = link.trim();
    if link.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLarge {
            length: link.len(),
            limit: MAX_LINK_CHARS,
        });
    }
    let payload = match link.find("q=") {
        Some(i) => &link[i + 2..],
        None if link.contains('#') || link.contains("://") => return Err(LinkError::Missing),
        None => link,
    };
    let payload = payload.split('&').next().unwrap_or("");
    let mut chars = payload.chars();
    match chars.next() {
        None => Err(LinkError::Missing),
        Some('1') => Ok(Deflated {
            bytes: URL_SAFE_NO_PAD
                .decode(chars.as_str())
                .map_err(|_| LinkError::Corrupt)?,
        }),
        Some(v) => Err(LinkError::UnknownVersion {
            version: v.to_string(),
        }),
    }
}

impl Deflated {
    /// The payload inflated, at most [`MAX_DOCUMENT_BYTES`] of it (a link is no
    /// compression bomb). A front end that inflates otherwise must keep that limit, and
    /// may call this when its own inflater refuses a payload: this one's verdict is the
    /// link's.
    pub fn inflate(&self) -> Result<Vec<u8>, LinkError> {
        miniz_oxide::inflate::decompress_to_vec_with_limit(&self.bytes, MAX_DOCUMENT_BYTES)
            .map_err(|_| LinkError::Corrupt)
    }

    /// The link read from its inflated payload.
    pub fn open(&self, inflated: &[u8]) -> Result<Unpacked, LinkError> {
        from_wire(wire::read(inflated).map_err(|_| LinkError::Corrupt)?)
    }
}

/// A short reference for a quote, the same for the same link: "Q-3F2A9C1B".
pub fn reference(payload: &str) -> String {
    // FNV-1a: stable across builds and platforms, and enough to tell quotes apart.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in payload.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    format!("Q-{:08X}", (h >> 32) as u32 ^ h as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widget writes links with the browser's deflate or, without one, stored
    /// blocks: each opens the quote `encode`'s link opens.
    #[test]
    fn a_link_deflated_by_another_compressor_or_stored_opens_the_same_quote() {
        let quote = rich();
        let book = PriceBook::shipped();
        let bytes = wire_bytes(&quote, Some(book));
        let ours = decode(&encode(&quote, Some(book))).unwrap();
        for packed in [
            miniz_oxide::deflate::compress_to_vec(&bytes, 1),
            deflate_stored(&bytes),
        ] {
            let opened = decode(&payload_of_deflated(&packed)).unwrap();
            assert_eq!(opened, ours);
        }
        assert!(deflate_stored(&bytes).len() > bytes.len());
    }

    #[test]
    fn stored_blocks_are_valid_deflate_at_every_block_boundary() {
        for len in [0usize, 1, 65_534, 65_535, 65_536, 140_000] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let stored = deflate_stored(&bytes);
            let back = miniz_oxide::inflate::decompress_to_vec(&stored).unwrap();
            assert_eq!(back, bytes, "{len} bytes");
            // 5 bytes a block: a header byte, LEN, NLEN.
            assert_eq!(stored.len(), len + 5 * len.div_ceil(65_535).max(1));
        }
    }

    fn rich() -> Quote {
        let mut q =
            Quote::from_json(include_str!("../../../examples/quotes/contoso.json")).unwrap();
        q.switch_month = Some(13);
        q.customer.true_ups.push(TrueUp {
            ea_year: 2,
            qualified: 400,
        });
        q.transactions[0].changes.push(QuantityChange {
            from_month: 7,
            quantity: 150,
            step_up_units: Some(50),
            sa_covered_devices: None,
        });
        q.partners[1].eligibility.agreement = vec![
            MonthRange {
                from_month: 1,
                to_month: Some(12),
            },
            MonthRange::from(20),
        ];
        q.por.push(PorAssignment {
            scope: PorScope::Transaction("t3".into()),
            changes: vec![PorChange {
                from_month: 2,
                partner: None,
            }],
        });
        q.services.push(ServiceLine {
            id: "s1".into(),
            partner: "northwind".into(),
            category: ServiceCategory::ManagedServices,
            description: "Help desk — 24/7".into(),
            price: ServicePrice::MonthlyPerUnit {
                from_month: 1,
                to_month: Some(24),
                unit_price: "2.50".parse().unwrap(),
                units: Units::Follow {
                    transaction: "t1".into(),
                },
            },
        });
        q.overrides.push(Override {
            figure: "services.intune.list_price".into(),
            value: "10.50".into(),
        });
        q
    }

    #[test]
    fn a_link_round_trips_the_whole_quote_and_a_loaded_book() {
        let q = rich();
        assert_eq!(
            decode(&encode(&q, None)).unwrap(),
            Opened {
                quote: q.clone(),
                book: None
            }
        );
        let mut book = PriceBook::default_book();
        book.id = "my-book".into();
        let opened = decode(&format!(
            "https://example.com/calc/{}",
            fragment(&q, Some(&book))
        ))
        .unwrap();
        assert_eq!(opened.book, Some(book));
        assert_eq!(opened.quote, q);
    }

    /// A link of this wire form, however damaged.
    fn pack(w: &v1::Wire) -> String {
        let packed = miniz_oxide::deflate::compress_to_vec(&wire::write(w), 9);
        format!("{LINK_VERSION}{}", URL_SAFE_NO_PAD.encode(packed))
    }

    #[test]
    fn unpacking_leaves_the_book_as_text_and_errors_keep_their_order() {
        let q = rich();
        let mut book = PriceBook::default_book();
        book.id = "my-book".into();
        let link = encode(&q, Some(&book));
        let unpacked = unpack(&link).unwrap();
        assert_eq!(unpacked.book, to_wire(&q, Some(&book)).book);
        assert!(unpacked.book.is_some());
        assert_eq!(unpacked.quote.as_ref(), Ok(&q));
        assert_eq!(unpacked.open(), decode(&link));
        assert_eq!(unpack(&encode(&q, None)).unwrap().book, None);

        // Damage after the book (the agreement) with an invalid book: the book is
        // reported, as when links were read in one go; damage before it (a transaction's
        // service) comes first.
        let mut w = to_wire(&q, None);
        w.book = Some("{not a book".into());
        w.agreement = 99;
        assert!(matches!(decode(&pack(&w)), Err(LinkError::Book(_))));
        w.book = to_wire(&q, Some(&book)).book;
        assert_eq!(decode(&pack(&w)), Err(LinkError::Corrupt));
        w.book = Some("{not a book".into());
        w.transactions[0].service = 999;
        assert_eq!(unpack(&pack(&w)), Err(LinkError::Corrupt));
    }

    #[test]
    fn links_are_short() {
        let q = Quote::example();
        let n = fragment(&q, None).len();
        assert!(n < 400, "the example's link is {n} characters");
        let mut big = q.clone();
        big.transactions = (0..50)
            .map(|i| Transaction {
                start_month: 1 + i % 24,
                ..Transaction::new(
                    format!("t{i}"),
                    ["bpos-standard", "intune", "exchange-online"][i as usize % 3],
                    10 + i * 7,
                )
            })
            .collect();
        let n = fragment(&big, None).len();
        assert!(n < 2500, "a 50-transaction link is {n} characters");
    }

    #[test]
    fn a_damaged_link_is_an_error_never_a_wrong_quote() {
        let good = encode(&rich(), None);
        assert_eq!(decode(""), Err(LinkError::Missing));
        assert_eq!(
            decode("https://example.com/#other"),
            Err(LinkError::Missing)
        );
        assert_eq!(
            decode("#q=9abc"),
            Err(LinkError::UnknownVersion {
                version: "9".into()
            })
        );
        assert_eq!(
            decode(&good[..good.len() / 2]),
            Err(LinkError::Corrupt),
            "truncated"
        );
        assert_eq!(decode("1***"), Err(LinkError::Corrupt));
        // Every single-character change is refused or opens as a valid quote; none panics.
        for i in 1..good.len().min(300) {
            let mut bytes = good.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let _ = decode(std::str::from_utf8(&bytes).unwrap());
        }
        assert!(matches!(
            decode(&"1".repeat(MAX_LINK_CHARS + 1)),
            Err(LinkError::TooLarge { .. })
        ));
    }

    /// The app inflates with the browser's decompressor: the wire bytes any inflater
    /// gives open what `unpack` opens, and the payload's checks come before inflating.
    #[test]
    fn the_steps_of_unpack_open_what_it_opens() {
        let quote = rich();
        let book = PriceBook::shipped();
        let link = format!(
            "https://example.com/calc#q={}&x=1",
            encode(&quote, Some(book))
        );
        let payload = deflated(&link).unwrap();
        assert_eq!(payload.inflate().unwrap(), wire_bytes(&quote, Some(book)));
        assert_eq!(payload.open(&wire_bytes(&quote, Some(book))), unpack(&link));
        assert_eq!(deflated("#q="), Err(LinkError::Missing));
        assert_eq!(
            deflated("q=7AAAA"),
            Err(LinkError::UnknownVersion {
                version: "7".into()
            })
        );
        assert_eq!(deflated("1A"), Err(LinkError::Corrupt), "not base64");
        assert_eq!(
            payload.open(b"\x01"),
            Err(LinkError::Corrupt),
            "not the wire form"
        );
    }

    #[test]
    fn a_compression_bomb_is_refused() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; MAX_DOCUMENT_BYTES * 2], 9);
        let link = format!("1{}", URL_SAFE_NO_PAD.encode(bomb));
        assert_eq!(decode(&link), Err(LinkError::Corrupt));
        assert_eq!(deflated(&link).unwrap().inflate(), Err(LinkError::Corrupt));
    }

    #[test]
    fn references_are_stable_and_distinct() {
        assert_eq!(reference("1abc"), reference("1abc"));
        assert_ne!(reference("1abc"), reference("1abd"));
        assert!(reference("1abc").starts_with("Q-") && reference("1abc").len() == 10);
    }
}

#[cfg(test)]
mod lengths {
    #[test]
    #[ignore = "prints the link lengths reported in the issue note"]
    fn print_link_lengths() {
        let q = crate::Quote::example();
        println!("example: {}", super::fragment(&q, None).len());
        let mut big = q.clone();
        big.transactions = (0..50)
            .map(|i| crate::Transaction {
                start_month: 1 + i % 24,
                ..crate::Transaction::new(
                    format!("t{i}"),
                    ["bpos-standard", "intune", "exchange-online"][i as usize % 3],
                    10 + i * 7,
                )
            })
            .collect();
        println!("50 transactions: {}", super::fragment(&big, None).len());
        println!(
            "with the default book loaded: {}",
            super::fragment(&q, Some(&crate::PriceBook::default_book())).len()
        );
    }
}
