//! A fee statement reconciled against what the portfolio says was owed (R1): lines
//! paid as expected, paid with a difference, expected but not paid, paid but not
//! expected, with totals per month and overall; every bad line with its number and
//! reason (R2). The statement text is kept while the user looks elsewhere.

use super::{Desk, Shared};
use crate::components::common::text::TextView;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt};
use licalc_engine::statement::{reconcile, Match, Reconciliation, Sum};
use licalc_engine::Problem;

type Outcome = Result<Reconciliation, Vec<Problem>>;

#[component]
pub fn Reconcile() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let run = move || {
        let text = desk.statement.get_untracked();
        outcome.set(
            (!text.trim().is_empty())
                .then(|| built.with_untracked(|b| reconcile(&b.0.portfolio, &text))),
        );
    };
    // A changed portfolio (another quote saved, one left out) reconciles again.
    Effect::new(move |_| {
        built.track();
        if outcome.with_untracked(Option::is_some) {
            run();
        }
    });
    let file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| {
            leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlInputElement>(t).ok()
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Some(text) = crate::dom::file_text(&input).await {
                desk.statement.set(text);
                run();
            }
            input.set_value("");
        });
    };
    view! {
        <section class="panel reconcile" aria-labelledby="reconcile-heading">
            <h2 id="reconcile-heading">"Fee statement"</h2>
            <p class="hint">"A statement of Partner of Record fees paid, as CSV with the columns month, customer, partner, item, fee_type, amount, currency (see docs/formats.md). It is compared with the fees the portfolio says were owed, for the partners and months it covers."</p>
            <div class="actions">
                <label class="button">"Open a statement file…"<input type="file" class="visually-hidden" accept=".csv,text/csv" aria-label="Open a statement file (CSV)" on:change=file /></label>
            </div>
            <div class="field wide">
                <label for="statement-text">"Or paste the statement (CSV)"</label>
                <textarea id="statement-text" rows="6" spellcheck="false" prop:value=move || desk.statement.get() on:input=move |ev| desk.statement.set(event_target_value(&ev))></textarea>
            </div>
            <div class="actions">
                <button type="button" on:click=move |_| run()>"Reconcile"</button>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(r) => view! { <Report r /> }.into_any(),
                Err(problems) => {
                    let lines = problems.iter().map(|p| view! { <li>{describe::problem_line(p)}</li> }).collect_view();
                    view! { <div role="alert" class="notice problem"><p>"This statement cannot be read:"</p><ul>{lines}</ul></div> }.into_any()
                }
            })}
        </section>
    }
}

fn group_names() -> [(&'static str, &'static str); 4] {
    [
        ("equal", "Paid as expected"),
        ("differ", "Paid with a difference"),
        ("missing", "Expected, not paid"),
        ("unexpected", "Paid, not expected"),
    ]
}

#[component]
fn Report(r: Reconciliation) -> impl IntoView {
    let built = expect_context::<Memo<Shared>>();
    let state = expect_context::<AppState>();
    let fmt = built.with_untracked(|b| b.0.fmt(&state));
    let sums = |t: &licalc_engine::statement::Totals| [t.equal, t.differ, t.missing, t.unexpected];
    let verdict = if r.clean() {
        "Everything on the statement matches what was owed.".to_string()
    } else {
        let t = &r.totals;
        format!(
            "{} lines differ, {} expected payments are missing, {} payments were not expected, {} lines could not be read.",
            t.differ.count, t.missing.count, t.unexpected.count, r.bad.len()
        )
    };
    let cell = |fmt: &crate::format::IntlFmt, s: &Sum| {
        format!(
            "{} ({} / {})",
            s.count,
            fmt.money(s.paid),
            fmt.money(s.expected)
        )
    };
    let overall = group_names()
        .iter()
        .zip(sums(&r.totals))
        .map(|((_, name), s)| view! { <tr><th scope="row">{*name}</th><td>{s.count}</td><td>{fmt.money(s.expected)}</td><td>{fmt.money(s.paid)}</td><td>{fmt.money(s.paid - s.expected)}</td></tr> })
        .collect_view();
    let months = r
        .by_month
        .iter()
        .map(|(m, t)| {
            let cells = sums(t)
                .iter()
                .map(|s| view! { <td>{cell(&fmt, s)}</td> })
                .collect_view();
            view! { <tr><th scope="row">{fmt.calendar(*m)}</th>{cells}</tr> }
        })
        .collect_view();
    let groups = group_names()
        .into_iter()
        .zip([
            r.equal.clone(),
            r.differ.clone(),
            r.missing.clone(),
            r.unexpected.clone(),
        ])
        .map(|((key, name), list)| view! { <Group key name list fmt=fmt.clone() /> })
        .collect_view();
    let bad = (!r.bad.is_empty()).then(|| {
        let lines = r.bad.iter().map(|b| view! { <li><TextView text=describe::bad_line(b).capitalised() fmt=fmt.clone() /></li> }).collect_view();
        view! {
            <section aria-labelledby="bad-lines-heading">
                <h3 id="bad-lines-heading">{format!("Lines that could not be read ({})", r.bad.len())}</h3>
                <ul class="warnings" aria-label="Lines that could not be read">{lines}</ul>
            </section>
        }
    });
    view! {
        <div class="reconciliation">
            <p role="status"><strong>{verdict}</strong></p>
            {crate::components::common::lazy::scrolling("Statement totals".to_string(), view! {
                <table class="compact">
                    <caption>"Statement totals"</caption>
                    <thead><tr><th scope="col">"Group"</th><th scope="col">"Lines"</th><th scope="col">"Expected"</th><th scope="col">"Paid"</th><th scope="col">"Difference"</th></tr></thead>
                    <tbody>{overall}</tbody>
                </table>
            })}
            {crate::components::common::lazy::scrolling("Statement by month".to_string(), view! {
                <table class="compact">
                    <caption>"By month: lines (paid / expected)"</caption>
                    <thead><tr><th scope="col">"Month"</th>{group_names().into_iter().map(|(_, n)| view! { <th scope="col">{n}</th> }).collect_view()}</tr></thead>
                    <tbody>{months}</tbody>
                </table>
            })}
            {groups}
            {bad}
        </div>
    }
}

/// One group's lines. The equal group starts folded: it is the long, quiet one.
#[component]
fn Group(
    key: &'static str,
    name: &'static str,
    list: Vec<Match>,
    fmt: crate::format::IntlFmt,
) -> impl IntoView {
    let heading = format!("{name} ({})", list.len());
    let caption = name.to_string();
    let rows = list
        .iter()
        .map(|m| {
            let k = &m.key;
            let lines = m
                .lines
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr>
                    <th scope="row">{fmt.calendar(k.month)}</th>
                    <td>{k.customer.clone()}</td>
                    <td>{k.partner.clone()}</td>
                    <td>{k.item.clone()}</td>
                    <td>{describe::fee_kind(k.fee_type)}</td>
                    <td>{fmt.money(m.expected)}</td>
                    <td>{fmt.money(m.paid)}</td>
                    <td>{fmt.money(m.difference)}</td>
                    <td>{lines}</td>
                </tr>
            }
        })
        .collect_view();
    let table = view! {
        <table class="compact">
            <caption class="visually-hidden">{caption.clone()}</caption>
            <thead><tr><th scope="col">"Month"</th><th scope="col">"Customer"</th><th scope="col">"Partner"</th><th scope="col">"Item"</th><th scope="col">"Fee"</th><th scope="col">"Expected"</th><th scope="col">"Paid"</th><th scope="col">"Difference"</th><th scope="col">"Statement lines"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    };
    let body = if list.is_empty() {
        view! { <p>"None."</p> }.into_any()
    } else if key == "equal" {
        view! { <details><summary>"Show them"</summary>{crate::components::common::lazy::scrolling(caption, table)}</details> }.into_any()
    } else {
        crate::components::common::lazy::scrolling(caption, table).into_any()
    };
    let id = format!("group-{key}");
    let labelledby = id.clone();
    view! { <section class="group" aria-labelledby=labelledby><h3 id=id>{heading}</h3>{body}</section> }
}
