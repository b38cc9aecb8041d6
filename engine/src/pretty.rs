//! Indented JSON from compact JSON, as `serde_json::to_string_pretty` writes it (two
//! spaces, `": "`, `[]` and `{}` when empty). The app writes a quote and a price book
//! both compact (storage, links) and indented (files, the JSON panels); serialising each
//! type twice, once per serde_json formatter, put a second copy of every `Serialize`
//! impl in the wasm. Serialising once and indenting the text keeps one.

/// `compact` (as `serde_json::to_string` writes it) indented. Anything else is copied as
/// it comes, with line breaks at its brackets and commas outside strings.
pub fn pretty(compact: &str) -> String {
    let b = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    // Text is copied in runs between the bytes that change the layout, all ASCII, so
    // every slice below starts and ends on a character boundary.
    let mut run = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            open @ (b'{' | b'[') => {
                out.push_str(&compact[run..=i]);
                let close = if open == b'{' { b'}' } else { b']' };
                if b.get(i + 1) == Some(&close) {
                    out.push(close as char);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            close @ (b'}' | b']') => {
                out.push_str(&compact[run..i]);
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(close as char);
            }
            b',' => {
                out.push_str(&compact[run..=i]);
                newline(&mut out, depth);
            }
            b':' => {
                out.push_str(&compact[run..=i]);
                out.push(' ');
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 1;
        run = i;
    }
    out.push_str(&compact[run.min(compact.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::pretty;
    use proptest::prelude::*;
    use serde_json::Value;

    fn same_as_serde(v: &Value) {
        let compact = serde_json::to_string(v).unwrap();
        assert_eq!(
            pretty(&compact),
            serde_json::to_string_pretty(v).unwrap(),
            "{compact}"
        );
    }

    #[test]
    fn indents_as_serde_json_does() {
        for text in [
            r#"{}"#,
            r#"[]"#,
            r#"{"a":[],"b":{},"c":[{}],"d":[[],[1,2]],"e":{"f":null}}"#,
            r#"{"s":"a,b:{c}[d] \"q\" \\ \\\" end","n":-1.5e3,"t":true}"#,
            r#""just a string, with: {brackets}""#,
            r#"[1,"2",[3,[4,{"5":[]}]]]"#,
            r#"{"ü":"ß€😀","":""}"#,
        ] {
            same_as_serde(&serde_json::from_str(text).unwrap());
        }
    }

    #[test]
    fn a_quote_and_a_price_book_indent_as_before() {
        let quote = crate::Quote::example();
        assert_eq!(
            quote.to_json(),
            serde_json::to_string_pretty(&quote).unwrap()
        );
        let book = crate::PriceBook::default_book();
        assert_eq!(book.to_json(), serde_json::to_string_pretty(&book).unwrap());
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            // Any text, control characters (written as \u escapes) included...
            any::<String>().prop_map(Value::String),
            // ...and the characters that shape JSON, often.
            "[a-z{}\\[\\],:\"\\\\ é😀\n\t]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner.clone(), 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
                prop::collection::btree_map("[a-z{}\\[\\]:,\"\\\\]{0,6}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_json_indents_as_serde_json_does(v in value()) {
            same_as_serde(&v);
        }
    }
}
