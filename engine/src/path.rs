//! JSON paths as values (`$.transactions[2].quantity`): problems carry one, and the app
//! matches on its segments to find the field that shows the value, never on its text.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// One step into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(Cow<'static, str>),
    Index(usize),
}

/// A path from the document's root (`$`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPath(Vec<Seg>);

impl JsonPath {
    pub fn root() -> JsonPath {
        JsonPath(Vec::new())
    }

    /// `$.name`: a top-level field.
    pub fn field(name: &'static str) -> JsonPath {
        JsonPath::root().key(name)
    }

    /// `$.list[i]`: an element of a top-level list.
    pub fn item(list: &'static str, i: usize) -> JsonPath {
        JsonPath::field(list).index(i)
    }

    pub fn key(mut self, k: &'static str) -> JsonPath {
        self.0.push(Seg::Key(Cow::Borrowed(k)));
        self
    }

    pub fn key_owned(mut self, k: String) -> JsonPath {
        self.0.push(Seg::Key(Cow::Owned(k)));
        self
    }

    pub fn index(mut self, i: usize) -> JsonPath {
        self.0.push(Seg::Index(i));
        self
    }

    pub fn segs(&self) -> &[Seg] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys and indices as `&str` and `usize`, for matching with slice patterns.
    pub fn parts(&self) -> Vec<Part<'_>> {
        self.0
            .iter()
            .map(|s| match s {
                Seg::Key(k) => Part::Key(k),
                Seg::Index(i) => Part::Index(*i),
            })
            .collect()
    }
}

/// A borrowed [`Seg`], easy to match: `[Part::Key("transactions"), Part::Index(i), ..]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    Key(&'a str),
    Index(usize),
}

fn plain_key(k: &str) -> bool {
    !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for s in &self.0 {
            match s {
                Seg::Key(k) if plain_key(k) => write!(f, ".{k}")?,
                // As a JSON string (serde_json escapes it), without `Value`'s code.
                Seg::Key(k) => write!(
                    f,
                    "[{}]",
                    serde_json::to_string(k.as_ref()).map_err(|_| fmt::Error)?
                )?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for JsonPath {
    type Err = ();
    fn from_str(s: &str) -> Result<JsonPath, ()> {
        let mut rest = s.strip_prefix('$').ok_or(())?;
        let mut path = JsonPath::root();
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                if !plain_key(&r[..end]) {
                    return Err(());
                }
                path = path.key_owned(r[..end].to_string());
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix("[\"") {
                // A quoted key: read the JSON string up to its closing quote.
                let mut de = serde_json::Deserializer::from_str(&rest[1..]).into_iter::<String>();
                let key = de.next().ok_or(())?.map_err(|_| ())?;
                let used = de.byte_offset();
                let after = r.get(used - 1..).ok_or(())?;
                rest = after.strip_prefix(']').ok_or(())?;
                path = path.key_owned(key);
            } else if let Some(r) = rest.strip_prefix('[') {
                let (n, after) = r.split_once(']').ok_or(())?;
                path = path.index(n.parse().map_err(|_| ())?);
                rest = after;
            } else {
                return Err(());
            }
        }
        Ok(path)
    }
}

impl Serialize for JsonPath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a scan of a JSON text found: the path of the value at a byte offset, and the
/// longest string value with its path.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub at_offset: Option<JsonPath>,
    pub longest: Option<(JsonPath, usize)>,
}

/// One pass over a JSON text, tracking the path of each value. It never fails: on
/// malformed input it reports what it saw up to there. Used only when something is
/// wrong (a parse error to locate, a document over the size limit), so the normal
/// parse pays nothing for paths.
pub(crate) fn scan(text: &str, offset: usize) -> Scan {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    fn path_of(stack: &[Frame]) -> JsonPath {
        let mut p = JsonPath::root();
        for f in stack {
            match f {
                Frame::Object(Some(k)) => p = p.key_owned(k.clone()),
                Frame::Object(None) => {}
                Frame::Array(i) => p = p.index(*i),
            }
        }
        p
    }
    let b = text.as_bytes();
    let mut out = Scan::default();
    let mut stack: Vec<Frame> = Vec::new();
    // In an object, whether the next string is a key.
    let mut expect_key = false;
    let mut i = 0;
    while i < b.len() {
        if out.at_offset.is_none() && i >= offset {
            out.at_offset = Some(path_of(&stack));
        }
        match b[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(k)) => {
                    *k = None;
                    expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                if expect_key {
                    let key = serde_json::from_str::<String>(&text[i..(end + 1).min(b.len())])
                        .unwrap_or_else(|_| text[start..end].to_string());
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                    expect_key = false;
                } else {
                    let len = end - start;
                    if out.longest.as_ref().is_none_or(|(_, l)| len > *l) {
                        out.longest = Some((path_of(&stack), len));
                    }
                }
                if out.at_offset.is_none() && offset <= end {
                    out.at_offset = Some(path_of(&stack));
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    if out.at_offset.is_none() {
        out.at_offset = Some(path_of(&stack));
    }
    out
}

/// The byte offset of a 1-based line and column (as serde_json reports them).
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_through_text() {
        for s in [
            "$",
            "$.transactions[2].quantity",
            "$.por[0].changes[1].from_month",
            "$.a[\"odd key\"][3]",
        ] {
            let p: JsonPath = s.parse().unwrap();
            assert_eq!(p.to_string(), s);
        }
        let built = JsonPath::item("transactions", 2).key("quantity");
        assert_eq!(built.to_string(), "$.transactions[2].quantity");
        assert_eq!(
            built.parts(),
            [
                Part::Key("transactions"),
                Part::Index(2),
                Part::Key("quantity")
            ]
        );
        for bad in ["", "transactions", "$.", "$[x]", "$.a b", "$[\"x\""] {
            assert!(bad.parse::<JsonPath>().is_err(), "{bad}");
        }
    }

    #[test]
    fn scan_finds_the_value_at_an_offset_and_the_longest_string() {
        let text = r#"{"a": 1, "list": [ {"id": "x"}, {"id": "yyyyyy", "n": -4} ]}"#;
        let at = text.find("-4").unwrap();
        let s = scan(text, at);
        assert_eq!(s.at_offset.unwrap().to_string(), "$.list[1].n");
        let (p, len) = s.longest.unwrap();
        assert_eq!((p.to_string(), len), ("$.list[1].id".into(), 6));
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
    }
}
