//! Formats are promises: every format-1 quote still opens with the same figures. Each
//! fixture in `fixtures/format1/` has, beside it, the figures the format-1 engine gave
//! for it (`*.expected.json`, made by that engine's CLI before format 2 existed): the
//! month totals, every charge row, every fee row, every forfeited fee and the comparison,
//! compared here to the cent after migration, and again after a round trip through the
//! current format.

use licalc_engine::{compute, write_result, PriceBook, Quote};
use serde_json::{json, Value};
use std::path::Path;

/// Rows as "key from-to amount" runs of equal consecutive months, sorted.
fn runs(mut rows: Vec<(String, u64, String)>) -> Vec<String> {
    rows.sort();
    let mut out: Vec<(String, u64, u64, String)> = Vec::new();
    for (k, m, v) in rows {
        match out.last_mut() {
            Some(last) if last.0 == k && last.2 + 1 == m && last.3 == v => last.2 = m,
            _ => out.push((k, m, m, v)),
        }
    }
    let mut v: Vec<String> = out
        .into_iter()
        .map(|(k, a, b, v)| format!("{k} {a}-{b} {v}"))
        .collect();
    v.sort();
    v
}

fn s(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// The same figures `*.expected.json` holds, from the current engine's JSON output.
fn figures(r: &Value) -> Value {
    let mut g = serde_json::Map::new();
    for k in ["mosp", "ea"] {
        let p = &r["paths"][k];
        let rows = p["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    s(&x["transaction"]),
                    x["month"].as_u64().unwrap(),
                    s(&x["amount"]),
                )
            })
            .collect();
        g.insert(k.into(), json!({
            "months": p["months"].as_array().unwrap().iter().map(|m| m["total"].clone()).collect::<Vec<_>>(),
            "first_year_total": p["first_year_total"], "horizon_total": p["horizon_total"], "rows": runs(rows),
        }));
    }
    let partners: serde_json::Map<String, Value> = r["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                s(&p["id"]),
                json!([
                    p["transaction_fees"],
                    p["residual_fees"],
                    p["total"],
                    p["year1_total"],
                    p["evergreen_monthly"]
                ]),
            )
        })
        .collect();
    g.insert("partners".into(), partners.into());
    let fee_rows = r["fees"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                format!(
                    "{}/{}/{}",
                    s(&x["partner"]),
                    s(&x["transaction"]),
                    s(&x["kind"])
                ),
                x["month"].as_u64().unwrap(),
                s(&x["amount"]),
            )
        })
        .collect();
    g.insert("fee_rows".into(), json!(runs(fee_rows)));
    let forfeited = r["fees"]["forfeited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let partner = x["partner"]
                .as_str()
                .map_or("None".to_string(), str::to_string);
            (
                format!("{}/{}/{partner}", s(&x["transaction"]), s(&x["kind"])),
                x["month"].as_u64().unwrap(),
                s(&x["amount"]),
            )
        })
        .collect();
    g.insert("forfeited".into(), json!(runs(forfeited)));
    let c = &r["comparison"];
    let cmp: serde_json::Map<String, Value> =
        ["first_month", "last_month", "first_year", "horizon"]
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    json!([c[k]["mosp"], c[k]["ea"], c[k]["difference"]]),
                )
            })
            .collect();
    g.insert("comparison".into(), cmp.into());
    Value::Object(g)
}

fn result_json(q: &Quote) -> Value {
    let r = compute(&PriceBook::default_book(), q).unwrap_or_else(|p| panic!("{p:?}"));
    let mut out = Vec::new();
    write_result(&mut out, &r, q, true).unwrap();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn every_format_1_fixture_opens_with_its_format_1_figures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format1");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".expected.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\"format\": 1"),
            "{name} is a format-1 fixture"
        );
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        let quote = Quote::from_json(&text).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        assert_eq!(
            figures(&result_json(&quote)),
            expected,
            "{name} after migration"
        );
        // Written in the current format and read back: the same quote, the same figures.
        let again = Quote::from_json(&quote.to_json()).unwrap();
        assert_eq!(again, quote, "{name} round trip");
        checked += 1;
    }
    assert_eq!(checked, 6, "every fixture was checked");
}

#[test]
fn the_shipped_examples_are_the_format_1_fixtures_in_format_2() {
    for (example, fixture) in [
        ("E1", "E1"),
        ("E2", "E2"),
        ("E3", "E3"),
        ("E4", "E4"),
        ("contoso", "contoso"),
    ] {
        let read = |p: String| Quote::from_json(&std::fs::read_to_string(p).unwrap()).unwrap();
        let mut new = read(format!(
            "{}/../examples/quotes/{example}.json",
            env!("CARGO_MANIFEST_DIR")
        ));
        let old = read(format!(
            "{}/tests/fixtures/format1/{fixture}.json",
            env!("CARGO_MANIFEST_DIR")
        ));
        assert!(std::fs::read_to_string(format!(
            "{}/../examples/quotes/{example}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .contains("\"format\": 2"));
        new.start = None; // the example shows a calendar start (T2); figures do not depend on it
                          // The examples moved to price book 2011.03.2, which changed sources, not values.
        new.price_book = old.price_book.clone();
        assert_eq!(new, old, "{example}");
    }
}

/// The format-1 figures plus what format 2 added: the switch plan and partner services.
fn figures_2(r: &Value) -> Value {
    let mut g = figures(r);
    g["switch_horizon_total"] = r["paths"]["switch"]["horizon_total"].clone();
    g["services"] = json!({ "total": r["services"]["total"], "months": r["services"]["months"].as_array().map(|m| m.iter().map(|x| x["total"].clone()).collect::<Vec<_>>()) });
    g
}

/// Compares `got` with the golden file beside a fixture. `BLESS_FIXTURES=1` writes a
/// missing golden file once (a new fixture); an existing one is never rewritten.
fn golden(path: &Path, got: &Value) {
    let file = path.with_extension("expected.json");
    if !file.exists() && std::env::var("BLESS_FIXTURES").is_ok() {
        std::fs::write(&file, serde_json::to_string_pretty(got).unwrap() + "\n").unwrap();
    }
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("{} has no golden figures", path.display())),
    )
    .unwrap();
    assert_eq!(got, &expected, "{}", path.display());
}

fn fixtures(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_format_2_fixture_opens_with_its_figures() {
    let paths = fixtures("format2");
    assert!(paths.len() >= 7);
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\"format\": 2"),
            "{} is a format-2 fixture",
            path.display()
        );
        let quote = Quote::from_json(&text).unwrap_or_else(|p| panic!("{}: {p:?}", path.display()));
        golden(&path, &figures_2(&result_json(&quote)));
        assert_eq!(
            Quote::from_json(&quote.to_json()).unwrap(),
            quote,
            "round trip"
        );
    }
}

/// Saved quotes (browser storage entries, version 1) keep opening with their figures,
/// priced with the book saved beside them when there is one.
#[test]
fn every_saved_entry_fixture_opens_with_its_figures() {
    let paths = fixtures("saved");
    assert!(paths.len() >= 2);
    for path in paths {
        let saved =
            licalc_engine::store::Saved::from_json(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert_eq!(saved.v, 1);
        let (quote, book) = saved
            .open()
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let r = compute(
            &book.clone().unwrap_or_else(PriceBook::default_book),
            &quote,
        )
        .unwrap();
        let mut out = Vec::new();
        write_result(&mut out, &r, &quote, true).unwrap();
        golden(&path, &figures_2(&serde_json::from_slice(&out).unwrap()));
    }
}

#[test]
fn a_saved_format_1_quote_gives_the_format_1_figures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let saved = licalc_engine::store::Saved::from_json(
        &std::fs::read_to_string(dir.join("saved/v1-format1-quote.json")).unwrap(),
    )
    .unwrap();
    let (quote, _) = saved.open().unwrap();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("format1/contoso.expected.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(figures(&result_json(&quote)), expected);
}
