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
    (
        out.status.code().unwrap_or(-1),
        json,
        if out.status.success() { stdout } else { stderr },
    )
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("licalc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().to_string()
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
        assert_eq!(
            p["rows"].as_array().unwrap().len(),
            12,
            "one row per transaction and month"
        );
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
    assert_eq!(
        r["fees"]["rows"].as_array().unwrap().len(),
        24,
        "a transaction and a residual row a month"
    );
    assert_eq!(
        r["comparison"]["horizon"]["cheaper_available"]["path"],
        "mosp"
    );
}

#[test]
fn advice_and_problems_carry_a_human_message() {
    let (code, r, _) = licalc(&["examples/quotes/contoso.json"]);
    assert_eq!(code, 0);
    let advice = r["advice"].as_array().unwrap();
    assert!(advice.iter().any(|a| a["message"].as_str().unwrap().contains("240 devices of Windows Intune cost 2440.00 USD a month (months 1–36 [2011-04 to 2014-03])")), "{advice:?}");
    assert_eq!(
        r["paths"]["mosp"]["months"][0]["calendar"], "2011-04",
        "T2: the calendar month beside the month number"
    );
}

#[test]
fn invalid_quote_lists_problems_on_stderr_and_exits_2() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/quotes/E1.json"
    ))
    .unwrap()
    .replace("\"quantity\": 100", "\"quantity\": 2");
    let (code, r, _) = licalc(&[&temp("bad.json", &json)]);
    assert_eq!(code, 2);
    let p = &r["problems"][0];
    assert_eq!(
        (p["path"].as_str(), p["rule"].as_str(), p["code"].as_str()),
        (
            Some("$.transactions[0].quantity"),
            Some("P3"),
            Some("below_minimum")
        )
    );
    assert!(p["message"]
        .as_str()
        .unwrap()
        .contains("needs at least 5 users"));
}

#[test]
fn reads_format_1_and_writes_format_2() {
    let (code, r, _) = licalc(&["engine/tests/fixtures/format1/E2.json"]);
    assert_eq!(code, 0);
    assert_eq!(r["partners"][1]["total"], "1800.00");
    let (code, converted, out) = licalc(&["convert", "engine/tests/fixtures/format1/contoso.json"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(converted["format"], 2);
    assert_eq!(
        converted["partners"][0]["eligibility"]["assessment"][0]["from_month"],
        1
    );
}

#[test]
fn trailing_garbage_and_bad_utf8_are_refused() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/quotes/E1.json"
    ))
    .unwrap();
    let (code, r, _) = licalc(&[&temp("trailing.json", &format!("{json} garbage {{"))]);
    assert_eq!(
        (code, r["problems"][0]["code"].as_str()),
        (2, Some("trailing_data"))
    );
    let dir = std::env::temp_dir().join(format!("licalc-cli-{}", std::process::id()));
    std::fs::write(
        dir.join("latin1.json"),
        b"{\"format\": 2, \"customer\": {\"name\": \"M\xfcller\"}}",
    )
    .unwrap();
    let (code, r, _) = licalc(&[dir.join("latin1.json").to_str().unwrap()]);
    assert_eq!(
        (code, r["problems"][0]["code"].as_str()),
        (2, Some("not_utf8"))
    );
}

#[test]
fn compact_output_is_one_line_and_best_switch_names_the_month() {
    let (code, _, out) = licalc(&["examples/quotes/E8.json", "--compact"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim_end().lines().count(), 1);
    let (code, r, out) = licalc(&["best-switch", "examples/quotes/E8.json"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(r["candidates"].as_array().unwrap().len(), 23);
    assert!(r["best"]["month"].is_u64());
}

#[test]
fn loads_another_price_book_and_reports_its_problems() {
    let json = licalc_engine::book::DEFAULT_BOOK_JSON.replace("\"10.00\"", "\"12.00\"");
    let book = temp("book.json", &json);
    let (code, r, err) = licalc(&["examples/quotes/E1.json", "--price-book", &book]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["paths"]["mosp"]["months"][0]["total"], "1200.00");
    let book = temp(
        "book2.json",
        &json.replacen("\"from\": 250", "\"from\": 0", 1),
    );
    let (code, r, _) = licalc(&["examples/quotes/E1.json", "--price-book", &book]);
    assert_eq!(code, 2);
    assert_eq!(r["problems"][0]["path"], "$.mosp_bands[1].from");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(licalc(&[]).0, 2);
    assert_eq!(licalc(&["no-such-file.json"]).0, 2);
    assert_eq!(licalc(&["a.json", "--bogus"]).0, 2);
    assert_eq!(licalc(&["a.json", "b.json"]).0, 2);
}

#[test]
fn link_encode_and_decode_round_trip_a_quote() {
    let (code, _, link) = licalc(&["link", "encode", "examples/quotes/contoso.json"]);
    assert_eq!(code, 0, "{link}");
    let link = link.trim();
    assert!(link.starts_with("#q=1") && link.len() < 400, "{link}");
    let (code, quote, out) = licalc(&[
        "link",
        "decode",
        &format!("https://partner.example/quote/{link}"),
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(quote["customer"]["name"], "Contoso Ltd");
    assert_eq!(quote["format"], 2);
    let (code, r, _) = licalc(&["link", "decode", &link[..link.len() - 10]]);
    assert_eq!(code, 2);
    assert!(r["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("damaged or incomplete"));
}

#[test]
fn format_csv_prints_rows_whose_month_totals_sum_to_the_horizon() {
    let (code, _, out) = licalc(&["examples/quotes/E1.json", "--format", "csv"]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("record,plan,month,calendar_month,transaction,service,partner,kind,quantity,unit_price,amount,cumulative"));
    let total: f64 = out
        .lines()
        .filter(|l| l.starts_with("month,mosp,"))
        .map(|l| l.split(',').nth(10).unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(total, 36000.0);
    assert!(out.contains("fee,mosp,1,,t1,bpos-standard,A,transaction,,0.12,120.00,"));
}
