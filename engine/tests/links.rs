//! Share links are promises: a link of every version ever written opens forever with
//! the same quote and figures. `fixtures/links/v1.json` holds links made by version 1
//! (the first), each with the quote it must open as, the price book it carries if any
//! (`book`), and its horizon totals priced with that book.

use licalc_engine::link::{decode, encode, LinkError};
use licalc_engine::{compute, PriceBook, Quote};
use serde_json::Value;

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/links")
}

#[test]
fn every_fixture_link_of_every_version_opens_with_its_quote_and_figures() {
    for version in ["v1"] {
        let fixtures: Vec<Value> = serde_json::from_str(
            &std::fs::read_to_string(dir().join(format!("{version}.json"))).unwrap(),
        )
        .unwrap();
        assert!(!fixtures.is_empty());
        for f in fixtures {
            let link = f["link"].as_str().unwrap();
            let expected = Quote::from_json(
                &std::fs::read_to_string(dir().join(f["quote"].as_str().unwrap())).unwrap(),
            )
            .unwrap();
            let opened = decode(link).unwrap_or_else(|e| panic!("{version} {link}: {e:?}"));
            assert_eq!(opened.quote, expected, "{link}");
            let book = f["book"].as_str().map(|file| {
                PriceBook::from_json(&std::fs::read_to_string(dir().join(file)).unwrap()).unwrap()
            });
            assert_eq!(opened.book, book, "{link}");
            let book = book.unwrap_or_else(PriceBook::default_book);
            let r = compute(&book, &opened.quote).unwrap();
            for p in r.paths.all() {
                let key = format!("{:?}", p.kind).to_lowercase();
                assert_eq!(
                    p.horizon_total.to_string(),
                    f["horizon_totals"][&key].as_str().unwrap(),
                    "{key} of {link}"
                );
            }
            assert_eq!(
                r.fees.total.to_string(),
                f["horizon_totals"]["fees"].as_str().unwrap()
            );
        }
    }
}

#[test]
fn todays_links_are_version_1_and_open_as_written() {
    let q = Quote::example();
    let payload = encode(&q, None);
    assert!(payload.starts_with('1'));
    assert_eq!(decode(&payload).unwrap().quote, q);
    assert!(matches!(
        decode("#q=2AAAA"),
        Err(LinkError::UnknownVersion { .. })
    ));
}
