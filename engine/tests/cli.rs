//! The `licalc` binary as a user runs it: JSON out and exit 0, or problems on stderr and exit 2.

use std::process::Command;

fn licalc(args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_licalc"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let json = serde_json::from_str(if out.status.success() {
        &stdout
    } else {
        &stderr
    })
    .unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, stderr)
}

#[test]
fn prints_the_documented_result_shape_with_money_as_strings() {
    let (code, r, err) = licalc(&["examples/quotes/E4.json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["currency"], "USD");
    for path in ["mosp", "ea"] {
        let p = &r["paths"][path];
        assert!(p["available"].is_boolean());
        assert!(p["reason"].is_null() || p["reason"].is_string());
        assert_eq!(p["months"].as_array().unwrap().len(), 12);
        assert!(p["months"][0]["month"].is_u64() && p["months"][0]["total"].is_string());
    }
    assert_eq!(r["paths"]["mosp"]["first_year_total"], "321.00");
    assert_eq!(r["paths"]["mosp"]["horizon_total"], "321.00");
    assert_eq!(r["paths"]["ea"]["available"], false);
    assert!(r["paths"]["ea"]["reason"]
        .as_str()
        .unwrap()
        .contains("What-if"));
    let a = &r["partners"][0];
    assert_eq!(
        (
            a["id"].as_str(),
            a["transaction_fees"].as_str(),
            a["residual_fees"].as_str(),
            a["total"].as_str()
        ),
        (Some("A"), Some("38.52"), Some("19.32"), Some("57.84"))
    );
}

#[test]
fn invalid_quote_lists_problems_on_stderr_and_exits_2() {
    let dir = std::env::temp_dir().join(format!("licalc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/quotes/E1.json"
    ))
    .unwrap()
    .replace("\"quantity\": 100", "\"quantity\": 2");
    std::fs::write(&bad, json).unwrap();
    let (code, r, _) = licalc(&[bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(r["problems"][0]["path"], "$.transactions[0].quantity");
    assert_eq!(r["problems"][0]["rule"], "P3");
}

#[test]
fn loads_another_price_book_and_reports_its_problems() {
    let dir = std::env::temp_dir().join(format!("licalc-cli-book-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let book = dir.join("book.json");
    let json = licalc_engine::book::DEFAULT_BOOK_JSON.replace("\"10.00\"", "\"12.00\"");
    std::fs::write(&book, &json).unwrap();
    let (code, r, err) = licalc(&[
        "examples/quotes/E1.json",
        "--price-book",
        book.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["paths"]["mosp"]["months"][0]["total"], "1200.00");

    std::fs::write(&book, json.replacen("\"from\": 250", "\"from\": 0", 1)).unwrap();
    let (code, r, _) = licalc(&[
        "examples/quotes/E1.json",
        "--price-book",
        book.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(r["problems"][0]["path"], "$.mosp_bands[1].from");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(licalc(&[]).0, 2);
    assert_eq!(licalc(&["no-such-file.json"]).0, 2);
    assert_eq!(licalc(&["a.json", "--bogus"]).0, 2);
}
