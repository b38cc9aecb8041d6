//! Rule ids travel with the app: every rule has a short text in the engine (shown by the
//! app's rule buttons) and a section in docs/rules.md, and every rule the engine cites in
//! any result of the examples is one of them.

use licalc_engine::describe::{Piece, Text};
use licalc_engine::{compute, PriceBook, Quote, Rule};
use std::collections::BTreeSet;

fn docs() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md")).unwrap()
}

#[test]
fn every_rule_has_a_text_and_a_section_in_docs_rules_md() {
    let docs = docs();
    let headings: Vec<&str> = docs
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .filter(|h| !h.starts_with('E'))
        .collect();
    let expected: Vec<String> = Rule::ALL
        .iter()
        .map(|r| format!("{} — {}", r.id(), r.title()))
        .collect();
    assert_eq!(
        headings, expected,
        "docs/rules.md has one section per rule, in order, titled as in rules.rs"
    );
    for &r in Rule::ALL {
        assert!(r.text().len() > 20, "{r} has a text in the app");
    }
    for e in 1..=8 {
        assert!(
            docs.contains(&format!("### E{e} — ")),
            "worked example E{e}"
        );
    }
}

fn rules_of(t: &Text, into: &mut BTreeSet<Rule>) {
    for p in t.pieces() {
        if let Piece::Rule(r) = p {
            into.insert(*r);
        }
    }
}

#[test]
fn every_rule_cited_in_the_examples_results_is_documented() {
    let docs = docs();
    let mut cited = BTreeSet::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/quotes");
    for entry in std::fs::read_dir(dir).unwrap() {
        let q = Quote::from_json(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let r = compute(&PriceBook::default_book(), &q).unwrap();
        for p in r.paths.all() {
            for run in &p.runs {
                cited.extend(run.rules.iter());
                rules_of(&licalc_engine::describe::charge_run(run), &mut cited);
            }
        }
        for f in &r.fees.runs {
            cited.extend(f.rules.iter());
            rules_of(&licalc_engine::describe::fee_run(f), &mut cited);
        }
        for f in &r.fees.forfeited {
            cited.extend(f.rules.iter());
        }
        for a in &r.advice {
            rules_of(&licalc_engine::describe::advice(a), &mut cited);
        }
        for w in &r.warnings {
            cited.extend(w.rule);
        }
    }
    assert!(cited.len() >= 20, "{cited:?}");
    for r in cited {
        assert!(
            docs.contains(&format!("### {} — ", r.id())),
            "{r} is cited but not documented"
        );
    }
}
