//! Version 1's wire format, written and read by hand: the bytes `postcard` (1.x) made
//! of the frozen `v1` types, and nothing else. Postcard through serde inlined a reader
//! and a writer for every type, about 35 KB of the wasm; this is a few KB.
//!
//! The format: unsigned integers as LEB128 varints (at most 5 bytes, the last at most
//! 0x0F); a `u8` as its byte; a string as its length then its UTF-8 bytes; an option as
//! 0, or 1 and the value; a list as its length then its items; a tuple or struct as its
//! fields in order; an enum as its variant's index then its fields. The tests hold
//! these functions to postcard itself, byte for byte and refusal for refusal (as postcard
//! reads on wasm32: natively it also takes lengths written in 6 to 10 bytes, which it
//! never writes). Lengths are below 2^32: documents are at most `MAX_DOCUMENT_BYTES`.

use super::v1::{Line, PartnerW, Por, Price, Scope, Tx, UnitsW, Wire};

/// Bytes being written.
#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn u32(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.0.push((v as u8 & 0x7F) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    /// An option: its tag (0 or 1), then the value if there is one.
    fn opt<T>(&mut self, v: Option<T>, value: impl FnOnce(&mut Out, T)) {
        self.0.push(u8::from(v.is_some()));
        if let Some(v) = v {
            value(self, v);
        }
    }
    fn opt_u32(&mut self, v: Option<u32>) {
        self.opt(v, Out::u32);
    }
    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Out, &T)) {
        self.u32(items.len() as u32);
        for x in items {
            item(self, x);
        }
    }
    fn ranges(&mut self, r: &[(u32, Option<u32>)]) {
        self.list(r, |o, &(from, to)| {
            o.u32(from);
            o.opt_u32(to);
        });
    }
}

/// The bytes of a link's quote.
pub(super) fn write(w: &Wire) -> Vec<u8> {
    let mut o = Out::default();
    o.opt(w.book_ref.as_ref(), |o, (id, version)| {
        o.str(id);
        o.str(version);
    });
    o.opt(w.start, |o, (year, month)| {
        o.u32(year);
        o.u32(month);
    });
    o.str(&w.name);
    o.0.push(w.agreement);
    o.u32(w.qualified);
    o.list(&w.true_ups, |o, &(year, qualified)| {
        o.u32(year);
        o.u32(qualified);
    });
    o.opt_u32(w.cancel);
    o.u32(w.horizon);
    o.opt_u32(w.switch);
    o.list(&w.services, |o, s| o.str(s));
    o.list(&w.transactions, write_tx);
    o.list(&w.partners, |o, p| {
        o.str(&p.id);
        o.str(&p.name);
        o.ranges(&p.membership);
        o.ranges(&p.agreement);
        o.ranges(&p.assessment);
    });
    o.list(&w.por, write_por);
    o.list(&w.lines, write_line);
    o.list(&w.overrides, |o, (figure, value)| {
        o.str(figure);
        o.str(value);
    });
    o.opt(w.book.as_deref(), Out::str);
    o.0
}

fn write_tx(o: &mut Out, t: &Tx) {
    o.str(&t.id);
    o.u32(t.service);
    o.u32(t.quantity);
    o.u32(t.start);
    o.opt_u32(t.end);
    o.u32(t.step_up);
    o.u32(t.covered);
    o.list(&t.changes, |o, &(from, quantity, step_up, covered)| {
        o.u32(from);
        o.u32(quantity);
        o.opt_u32(step_up);
        o.opt_u32(covered);
    });
}

fn write_por(o: &mut Out, p: &Por) {
    match &p.scope {
        Scope::Service(i) => {
            o.u32(0);
            o.u32(*i);
        }
        Scope::Transaction(i) => {
            o.u32(1);
            o.u32(*i);
        }
        Scope::ServiceId(s) => {
            o.u32(2);
            o.str(s);
        }
        Scope::TransactionId(s) => {
            o.u32(3);
            o.str(s);
        }
    }
    o.ranges(&p.changes);
}

fn write_units(o: &mut Out, u: &UnitsW) {
    match u {
        UnitsW::Count(n) => {
            o.u32(0);
            o.u32(*n);
        }
        UnitsW::Follow(t) => {
            o.u32(1);
            o.str(t);
        }
    }
}

fn write_line(o: &mut Out, l: &Line) {
    o.str(&l.id);
    o.str(&l.partner);
    o.0.push(l.category);
    o.str(&l.description);
    match &l.price {
        Price::Fixed(month, amount) => {
            o.u32(0);
            o.u32(*month);
            o.str(amount);
        }
        Price::PerUnit(month, price, units) => {
            o.u32(1);
            o.u32(*month);
            o.str(price);
            write_units(o, units);
        }
        Price::Monthly(from, to, amount) => {
            o.u32(2);
            o.u32(*from);
            o.opt_u32(*to);
            o.str(amount);
        }
        Price::MonthlyPerUnit(from, to, price, units) => {
            o.u32(3);
            o.u32(*from);
            o.opt_u32(*to);
            o.str(price);
            write_units(o, units);
        }
    }
}

/// The link is damaged: cut short, changed, or not this format.
#[derive(Debug, PartialEq)]
pub(super) struct Damaged;

type Read<T> = Result<T, Damaged>;

/// Bytes being read.
struct In<'a>(&'a [u8]);

impl In<'_> {
    fn byte(&mut self) -> Read<u8> {
        let (&b, rest) = self.0.split_first().ok_or(Damaged)?;
        self.0 = rest;
        Ok(b)
    }
    fn u32(&mut self) -> Read<u32> {
        let mut out = 0u32;
        for i in 0..5 {
            let b = self.byte()?;
            out |= u32::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                return if i == 4 && b > 0x0F {
                    Err(Damaged)
                } else {
                    Ok(out)
                };
            }
        }
        Err(Damaged)
    }
    fn string(&mut self) -> Read<String> {
        let n = self.u32()? as usize;
        if n > self.0.len() {
            return Err(Damaged);
        }
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8(s.to_vec()).map_err(|_| Damaged)
    }
    /// Whether an option holds a value (its tag is 0 or 1, nothing else).
    fn some(&mut self) -> Read<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Damaged),
        }
    }
    /// An option: its tag, then the value if there is one ([`Out::opt`]'s twin).
    fn opt<T>(&mut self, value: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        Ok(if self.some()? {
            Some(value(self)?)
        } else {
            None
        })
    }
    fn opt_u32(&mut self) -> Read<Option<u32>> {
        self.opt(In::u32)
    }
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let n = self.u32()? as usize;
        // Every item takes a byte at least: a length past the bytes left is damage.
        if n > self.0.len() {
            return Err(Damaged);
        }
        // Reserve a little, not `n` items: a damaged link of a few KB can claim two
        // million items, tens of bytes each, before its first item fails to read.
        let mut out = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            out.push(item(self)?);
        }
        Ok(out)
    }
    fn ranges(&mut self) -> Read<Vec<(u32, Option<u32>)>> {
        self.list(|i| Ok((i.u32()?, i.opt_u32()?)))
    }
}

/// A link's quote from its bytes, all of them: bytes left over are damage too.
pub(super) fn read(bytes: &[u8]) -> Read<Wire> {
    let mut i = In(bytes);
    let w = Wire {
        book_ref: i.opt(|i| Ok((i.string()?, i.string()?)))?,
        start: i.opt(|i| Ok((i.u32()?, i.u32()?)))?,
        name: i.string()?,
        agreement: i.byte()?,
        qualified: i.u32()?,
        true_ups: i.list(|i| Ok((i.u32()?, i.u32()?)))?,
        cancel: i.opt_u32()?,
        horizon: i.u32()?,
        switch: i.opt_u32()?,
        services: i.list(In::string)?,
        transactions: i.list(read_tx)?,
        partners: i.list(|i| {
            Ok(PartnerW {
                id: i.string()?,
                name: i.string()?,
                membership: i.ranges()?,
                agreement: i.ranges()?,
                assessment: i.ranges()?,
            })
        })?,
        por: i.list(read_por)?,
        lines: i.list(read_line)?,
        overrides: i.list(|i| Ok((i.string()?, i.string()?)))?,
        book: i.opt(In::string)?,
    };
    if i.0.is_empty() {
        Ok(w)
    } else {
        Err(Damaged)
    }
}

fn read_tx(i: &mut In) -> Read<Tx> {
    Ok(Tx {
        id: i.string()?,
        service: i.u32()?,
        quantity: i.u32()?,
        start: i.u32()?,
        end: i.opt_u32()?,
        step_up: i.u32()?,
        covered: i.u32()?,
        changes: i.list(|i| Ok((i.u32()?, i.u32()?, i.opt_u32()?, i.opt_u32()?)))?,
    })
}

fn read_por(i: &mut In) -> Read<Por> {
    let scope = match i.u32()? {
        0 => Scope::Service(i.u32()?),
        1 => Scope::Transaction(i.u32()?),
        2 => Scope::ServiceId(i.string()?),
        3 => Scope::TransactionId(i.string()?),
        _ => return Err(Damaged),
    };
    Ok(Por {
        scope,
        changes: i.ranges()?,
    })
}

fn read_units(i: &mut In) -> Read<UnitsW> {
    match i.u32()? {
        0 => Ok(UnitsW::Count(i.u32()?)),
        1 => Ok(UnitsW::Follow(i.string()?)),
        _ => Err(Damaged),
    }
}

fn read_line(i: &mut In) -> Read<Line> {
    Ok(Line {
        id: i.string()?,
        partner: i.string()?,
        category: i.byte()?,
        description: i.string()?,
        price: match i.u32()? {
            0 => Price::Fixed(i.u32()?, i.string()?),
            1 => Price::PerUnit(i.u32()?, i.string()?, read_units(i)?),
            2 => Price::Monthly(i.u32()?, i.opt_u32()?, i.string()?),
            3 => Price::MonthlyPerUnit(i.u32()?, i.opt_u32()?, i.string()?, read_units(i)?),
            _ => return Err(Damaged),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::{to_wire, URL_SAFE_NO_PAD};
    use crate::quote::Quote;
    use base64::Engine;

    /// What postcard reads from `bytes`, all of them, or nothing.
    fn postcard_read(bytes: &[u8]) -> Option<Wire> {
        match postcard::take_from_bytes::<Wire>(bytes) {
            Ok((w, [])) => Some(w),
            _ => None,
        }
    }

    /// The payload bytes of every fixture link and of the example and rich quotes.
    fn payloads() -> Vec<Vec<u8>> {
        let fixtures: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/links/v1.json")).unwrap();
        let mut out: Vec<Vec<u8>> = fixtures
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let link = f["link"].as_str().unwrap();
                let packed = URL_SAFE_NO_PAD.decode(&link["#q=1".len()..]).unwrap();
                miniz_oxide::inflate::decompress_to_vec(&packed).unwrap()
            })
            .collect();
        for json in [
            crate::quote::EXAMPLE_QUOTE_JSON,
            include_str!("../../tests/fixtures/links/rich.json"),
            include_str!("../../tests/fixtures/links/e8.json"),
        ] {
            let q = Quote::from_json(json).unwrap();
            out.push(postcard::to_allocvec(&to_wire(&q, None)).unwrap());
            let book = crate::PriceBook::default_book();
            out.push(postcard::to_allocvec(&to_wire(&q, Some(&book))).unwrap());
        }
        out
    }

    #[test]
    fn writes_and_reads_what_postcard_writes_and_reads() {
        for bytes in payloads() {
            let w = postcard_read(&bytes).expect("a valid payload");
            assert_eq!(write(&w), bytes, "written as postcard writes it");
            assert_eq!(read(&bytes), Ok(w), "read as postcard reads it");
        }
        // Varints at their edges, each field kind at least once.
        let mut w = postcard_read(&payloads()[0]).unwrap();
        for v in [0, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            w.qualified = v;
            w.cancel = Some(v);
            let bytes = write(&w);
            assert_eq!(bytes, postcard::to_allocvec(&w).unwrap(), "{v}");
            assert_eq!(read(&bytes).unwrap(), w);
        }
    }

    /// Damage of every kind at every byte: cut short, a byte changed to an edge value or
    /// a bit flipped, a byte added. Postcard's verdict and this reader's always agree.
    #[test]
    fn refuses_exactly_what_postcard_refuses() {
        let mut checked = 0;
        for bytes in payloads() {
            for n in 0..bytes.len() {
                let cut = &bytes[..n];
                assert_eq!(read(cut).ok(), postcard_read(cut), "cut at {n}");
                for b in [
                    0x00,
                    0x01,
                    0x02,
                    0x0F,
                    0x10,
                    0x7F,
                    0x80,
                    0xFF,
                    bytes[n] ^ 0x01,
                    bytes[n] ^ 0x40,
                ] {
                    let mut m = bytes.clone();
                    m[n] = b;
                    assert_eq!(read(&m).ok(), postcard_read(&m), "byte {n} set to {b:#x}");
                    checked += 1;
                }
            }
            let mut longer = bytes.clone();
            longer.push(0);
            assert_eq!(read(&longer).ok(), None);
        }
        assert!(checked > 1000, "{checked}");
    }

    /// A short damaged payload claiming two million service lines is refused (and,
    /// since a list reserves little up front, without reserving memory for them).
    #[test]
    fn a_huge_claimed_length_is_refused() {
        let mut bytes = vec![0u8; 13];
        bytes.extend([0xEC, 0xFF, 0x7F]); // lines: 2,097,132 of them
        bytes.extend(std::iter::repeat_n(0xFF, 2_097_132));
        assert_eq!(read(&bytes), Err(Damaged));
        assert_eq!(postcard_read(&bytes), None);
    }
}
