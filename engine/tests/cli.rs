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

const PORTFOLIO: [&str; 3] = [
    "examples/quotes/contoso.json",
    "examples/portfolio/fabrikam-foods.json",
    "examples/portfolio/litware.json",
];

#[test]
fn portfolio_adds_up_the_example_customers_by_calendar_month() {
    let mut args = vec!["portfolio", "--now", "2011-08"];
    args.extend(PORTFOLIO);
    let (code, r, err) = licalc(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["first_month"], "2011-04", "Contoso starts first");
    let months = r["months"].as_array().unwrap();
    assert_eq!(months.len(), 41, "2011-04 to Litware's last month 2014-08");
    // V1: the total of each partner is the sum of its months and of its customer lines.
    for partner in ["northwind", "fabrikam"] {
        for field in ["transaction", "residual", "services", "forfeited"] {
            let dec = |v: &serde_json::Value| {
                v.as_str()
                    .map_or(rust_decimal::Decimal::ZERO, |s| s.parse().unwrap())
            };
            let by_month: rust_decimal::Decimal = months
                .iter()
                .map(|m| dec(&m["partners"][partner][field]))
                .sum();
            let by_customer: rust_decimal::Decimal = r["customers"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["partner"] == partner)
                .map(|c| dec(&c["total"][field]))
                .sum();
            assert_eq!(
                by_month,
                dec(&r["totals"][partner][field]),
                "{partner} {field}"
            );
            assert_eq!(by_customer, by_month, "{partner} {field}");
        }
    }
    assert_eq!(
        r["totals"]["fabrikam"]["services"], "55200.00",
        "Litware: 12,000 once and 24 x 1,800"
    );
    assert_eq!(
        r["totals"]["northwind"]["services"], "6450.00",
        "Fabrikam Foods: 80 x 15 once, 24 months of help desk for 80 then 95 users"
    );
    // V2: soonest first, worded, and pointing at a quote month (V3).
    let attention = r["attention"].as_array().unwrap();
    assert!(attention.len() >= 3);
    assert!(attention
        .windows(2)
        .all(|w| w[0]["month"].as_str() <= w[1]["month"].as_str()));
    assert_eq!(attention[0]["customer"], "Contoso Ltd");
    assert!(
        attention[0]["message"]
            .as_str()
            .unwrap()
            .contains("250 would cost"),
        "{}",
        attention[0]
    );
    let forfeit = attention
        .iter()
        .find(|a| a["customer"] == "Fabrikam Foods")
        .unwrap();
    assert_eq!(
        (forfeit["month"].as_str(), forfeit["quote_month"].as_u64()),
        (Some("2012-03"), Some(10)),
        "assessment ends after month 9"
    );
    assert!(forfeit["message"]
        .as_str()
        .unwrap()
        .contains("goes to nobody"));
}

#[test]
fn portfolio_csv_lines_sum_to_the_json_totals() {
    let mut args = vec!["portfolio", "--now", "2011-08", "--format", "csv"];
    args.extend(PORTFOLIO);
    let (code, _, out) = licalc(&args);
    assert_eq!(code, 0, "{out}");
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        rd.headers().unwrap(),
        vec![
            "month",
            "customer",
            "partner",
            "transaction_fees",
            "residual_fees",
            "services",
            "forfeited"
        ]
    );
    let services: rust_decimal::Decimal = rd
        .records()
        .map(|r| r.unwrap()[5].parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(services.to_string(), "61650.00");
}

#[test]
fn portfolio_lists_every_quote_it_cannot_use_and_exits_2() {
    let bad = temp("bad.json", "{\"format\": 2, \"horizon_months\": 0}");
    let (code, r, err) = licalc(&[
        "portfolio",
        "examples/quotes/contoso.json",
        "examples/quotes/E1.json",
        &bad,
        "missing.json",
    ]);
    assert_eq!(code, 2, "{err}");
    let problems = r["problems"].as_array().unwrap();
    let files: Vec<&str> = problems
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"examples/quotes/E1.json")
            && files.contains(&bad.as_str())
            && files.contains(&"missing.json"),
        "{problems:?}"
    );
    let e1 = problems
        .iter()
        .find(|p| p["file"] == "examples/quotes/E1.json")
        .unwrap();
    assert!(
        e1["message"]
            .as_str()
            .unwrap()
            .contains("no calendar start month"),
        "{e1}"
    );
}

#[test]
fn reconcile_reports_the_four_groups_and_the_bad_lines_of_the_sample_statement() {
    let mut args = vec![
        "reconcile",
        "--statement",
        "examples/statements/northwind-2011-q2.csv",
    ];
    args.extend(PORTFOLIO);
    let out = Command::new(env!("CARGO_BIN_EXE_licalc"))
        .args(&args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "differences exit 1");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["clean"], false);
    assert_eq!(r["totals"]["equal"]["count"], 18);
    assert_eq!(
        (
            r["totals"]["differ"]["count"].as_u64(),
            r["totals"]["missing"]["count"].as_u64(),
            r["totals"]["unexpected"]["count"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let differ = &r["differ"][0];
    assert_eq!(
        (
            differ["item"].as_str(),
            differ["month"].as_str(),
            differ["difference"].as_str()
        ),
        (Some("t1"), Some("2011-05"), Some("-14.00"))
    );
    assert_eq!(
        (
            r["missing"][0]["item"].as_str(),
            r["missing"][0]["fee_type"].as_str()
        ),
        (Some("t3"), Some("residual"))
    );
    assert_eq!(
        (
            r["unexpected"][0]["item"].as_str(),
            r["unexpected"][0]["paid"].as_str()
        ),
        (Some("t4"), Some("36.00"))
    );
    let bad: Vec<u64> = r["bad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["line"].as_u64().unwrap())
        .collect();
    assert_eq!(bad, vec![22, 23]);
    assert!(r["bad"][1]["message"]
        .as_str()
        .unwrap()
        .contains("Contoso Limited"));
    assert_eq!(r["by_month"]["2011-05"]["differ"]["count"], 1);
}

#[test]
fn reconcile_exits_0_when_the_statement_pays_exactly_what_is_owed() {
    let mut lines = String::from("month,customer,partner,item,fee_type,amount,currency\n");
    for (item, t, res) in [
        ("t1", "144.00", "72.00"),
        ("t2", "292.80", "146.40"),
        ("t3", "12.00", "6.00"),
    ] {
        lines.push_str(&format!("2011-04,Contoso Ltd,northwind,{item},transaction,{t},USD\n2011-04,Contoso Ltd,northwind,{item},residual,{res},USD\n"));
    }
    let statement = temp("exact.csv", &lines);
    let (code, _, out) = licalc(&[
        "reconcile",
        "--statement",
        &statement,
        "examples/quotes/contoso.json",
    ]);
    assert_eq!(code, 0, "{out}");
    let wrong_header = temp(
        "header.csv",
        "month,customer,amount\n2011-04,Contoso Ltd,1.00\n",
    );
    let (code, r, _) = licalc(&[
        "reconcile",
        "--statement",
        &wrong_header,
        "examples/quotes/contoso.json",
    ]);
    assert_eq!(code, 2);
    assert!(
        r["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("header"),
        "{r}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_stdout_that_cannot_be_written_exits_2_even_when_the_statement_differs() {
    // /dev/full refuses every write, as a full disk does.
    let run = |args: &[&str]| {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_licalc"))
            .args(args)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .stdout(full)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // A short report of a statement that differs: it fails only when flushed at the end.
    let differs = temp(
        "differs.csv",
        "month,customer,partner,item,fee_type,amount,currency\n2011-04,Contoso Ltd,northwind,t1,transaction,1.00,USD\n",
    );
    let short = [
        "reconcile",
        "--statement",
        &differs,
        "examples/quotes/contoso.json",
    ];
    assert_eq!(licalc(&short).0, 1, "with a stdout it differs");
    let (code, err) = run(&short);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.starts_with("cannot write the output"), "{err}");
    // A long report fails while it is written: a plain sentence too, not problems.
    let mut long = vec![
        "reconcile",
        "--statement",
        "examples/statements/northwind-2011-q2.csv",
    ];
    long.extend(PORTFOLIO);
    let (code, err) = run(&long);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.starts_with("cannot write the output"), "{err}");
    let (code, err) = run(&["examples/quotes/contoso.json"]);
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
}

#[test]
fn usage_names_the_price_book_option_of_every_command_that_takes_it() {
    let (code, r, _) = licalc(&["--help"]);
    assert_eq!(code, 2);
    let usage = r["problems"][0]["message"].as_str().unwrap();
    for command in [
        "licalc QUOTE.json",
        "best-switch",
        "link encode",
        "portfolio",
        "reconcile",
    ] {
        let entry = usage
            .split("\n  licalc")
            .find(|e| e.contains(command.trim_start_matches("licalc ")))
            .unwrap_or_else(|| panic!("{command} in {usage}"));
        assert!(
            entry.contains("[--price-book BOOK.json]"),
            "{command}: {entry}"
        );
    }
    let book = temp(
        "book-eur.json",
        &licalc_engine::book::DEFAULT_BOOK_JSON.replacen("\"USD\"", "\"EUR\"", 1),
    );
    let (code, r, err) = licalc(&[
        "portfolio",
        "--now",
        "2011-08",
        "--price-book",
        &book,
        "examples/quotes/contoso.json",
    ]);
    assert_eq!((code, r["currency"].as_str()), (0, Some("EUR")), "{err}");
}
