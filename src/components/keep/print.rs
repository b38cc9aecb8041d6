//! The printable quote: a document, not the screen. Title, customer, date, a reference
//! (from the share link), the price book, the inputs as a short list, the answer and the
//! comparison, year and month tables, assumptions, and unverified figures as footnotes;
//! no inputs, buttons or editors. Partner fees only when the partner asks for them.
//! Built only while printing.

use crate::components::common::lazy::{nothing, shown};
use crate::components::common::text::plain;
use crate::components::results::months::month_cell;
use crate::components::results::periods::Period;
use crate::parts::split_view;
use crate::state::{AppState, Mode};
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt};
use licalc_engine::{link, PathKind, Quote, QuoteResult};

fn inputs(state: AppState, q: &Quote) -> Vec<String> {
    let book = state.book();
    let fmt = state.fmt();
    let mut lines: Vec<String> = q
        .transactions
        .iter()
        .map(|t| {
            let s = book.service(&t.service);
            let unit = s.map_or("units", |s| describe::unit_noun(s.unit, true));
            let mut line = format!(
                "{}: {} {unit} of {}, from {}",
                t.id,
                fmt.count(t.quantity.into()),
                s.map_or(t.service.as_str(), |s| &s.name),
                fmt.month(t.start_month)
            );
            if let Some(e) = t.end_month {
                line.push_str(&format!(" to {}", fmt.month(e)));
            }
            if t.step_up_units > 0 {
                line.push_str(&format!("; {} on Step-Up", t.step_up_units));
            }
            if t.sa_covered_devices > 0 {
                line.push_str(&format!("; {} with Client SA", t.sa_covered_devices));
            }
            for c in &t.changes {
                line.push_str(&format!(
                    "; {} from {}",
                    c.quantity,
                    fmt.month(c.from_month)
                ));
            }
            line
        })
        .collect();
    lines.push(format!(
        "Agreement: {}; {} qualified users or devices",
        describe::agreement(q.customer.agreement),
        fmt.count(q.customer.qualified.into())
    ));
    lines.push(format!(
        "Horizon: {} months{}",
        q.horizon_months,
        q.start
            .map(|_| format!(", from {}", fmt.calendar_of(1).unwrap_or_default()))
            .unwrap_or_default()
    ));
    if let Some(x) = q.switch_month {
        lines.push(format!("Plan: MOSP, then an EA from {}", fmt.month(x)));
    }
    for l in &q.services {
        lines.push(format!(
            "Partner service: {} ({})",
            l.description,
            describe::category(l.category)
        ));
    }
    lines
}

fn kinds(r: &QuoteResult) -> Vec<PathKind> {
    r.paths.all().map(|p| p.kind).collect()
}

fn name(r: &QuoteResult, k: PathKind) -> String {
    let what_if = r.paths.get(k).is_some_and(|p| !p.available());
    format!(
        "{}{}",
        describe::path_name(k),
        if what_if { " (what-if)" } else { "" }
    )
}

/// Whether the printable document is being shown (context).
#[derive(Clone, Copy)]
pub struct Printing(pub RwSignal<bool>);

/// "Include partner fees when printing" (partner mode), beside the print button.
#[derive(Clone, Copy)]
pub struct WithFees(pub RwSignal<bool>);

#[component]
pub fn FeesChoice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let with_fees = expect_context::<WithFees>().0;
    view! {
        {shown(move || state.mode.get() == Mode::Partner, move || view! {
            <label class="print-fees"><input type="checkbox" prop:checked=move || with_fees.get() on:change=move |ev| with_fees.set(event_target_checked(&ev)) /> "Include partner fees when printing"</label>
        }.into_any(), nothing)}
    }
}

/// The printable document's place in the page. Its code is a part of its own
/// ([`PART`]): the Print button and Ctrl+P (Cmd+P) fetch it, then print.
#[component]
pub fn PrintDoc() -> impl IntoView {
    let state = expect_context::<AppState>();
    let printing = expect_context::<Printing>().0;
    // Printing from the browser's menu builds the document too (if its part is in; if
    // not, it is fetched and the page itself is printed this once). It stays (hidden on
    // screen) until the quote changes: some browsers say "afterprint" before the PDF is made.
    let before = window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true));
    // The browser's own shortcut cannot wait for a fetch: the document is made first.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let p = ev.key().eq_ignore_ascii_case("p");
        if p && (ev.ctrl_key() || ev.meta_key()) && !ev.alt_key() && !ev.shift_key() {
            ev.prevent_default();
            print(state, printing);
        }
    });
    on_cleanup(move || {
        before.remove();
        keys.remove();
    });
    Effect::new(move |first: Option<()>| {
        state.quote.track();
        if first.is_some() {
            printing.set(false);
        }
    });
    move || printing.get().then(document)
}

/// Fetches the printable document's part, builds the document, then opens the print
/// dialog; the document goes once the quote changes. If the part cannot be fetched,
/// says so and prints nothing.
pub fn print(state: AppState, printing: RwSignal<bool>) {
    leptos::task::spawn_local(async move {
        if crate::parts::ready(&PART).await.is_err() {
            state.notice.set(Some(crate::state::Notice {
                text: describe::Text::new().w(crate::parts::Unloaded::notice(
                    "Nothing was printed",
                    "the printable quote could not be loaded",
                )),
                problem: true,
            }));
            return;
        }
        printing.set(true);
        set_timeout(
            move || {
                if let Some(w) = leptos::web_sys::window() {
                    let _ = w.print();
                }
            },
            std::time::Duration::from_millis(50),
        );
    });
}

/// The printable document itself, built while printing.
#[component]
pub fn Document() -> impl IntoView {
    let state = expect_context::<AppState>();
    let with_fees = expect_context::<WithFees>().0;
    let doc = move || {
        let r = state.result.get()?;
        let q = state.quote.get_untracked();
        let fmt = state.fmt();
        let b = &r.price_book;
        let reference = link::reference(&link::encode(&q, None));
        let today = js_sys::Date::new_0()
            .to_locale_date_string("default", &leptos::wasm_bindgen::JsValue::UNDEFINED)
            .as_string()
            .unwrap_or_default();
        let ks = kinds(&r);
        let head = |first: &'static str| {
            let mut v = vec![view! { <th scope="col">{first}</th> }.into_any()];
            v.extend(
                ks.iter()
                    .map(|k| view! { <th scope="col">{name(&r, *k)}</th> }.into_any()),
            );
            v
        };
        let periods = Period::ALL.map(|p| view! { <tr><th scope="row">{p.label(r.horizon_months)}</th>{ks.iter().map(|k| view! { <td>{p.of(&r, *k).map(|v| fmt.money(v)).unwrap_or_default()}</td> }).collect_view()}</tr> });
        let years = r.paths.mosp.years.iter().enumerate().map(|(i, y)| view! { <tr><th scope="row">{format!("Year {} (months {}–{})", y.year, y.from_month, y.to_month)}</th>{ks.iter().map(|k| view! { <td>{r.paths.get(*k).and_then(|p| p.years.get(i)).map(|y| fmt.money(y.total)).unwrap_or_default()}</td> }).collect_view()}</tr> }).collect_view();
        let months = (0..r.horizon_months as usize).map(|i| view! { <tr><th scope="row">{month_cell(&fmt, i as u32 + 1)}</th>{ks.iter().map(|k| view! { <td>{r.paths.get(*k).map(|p| fmt.money(p.months[i].total)).unwrap_or_default()}</td> }).collect_view()}</tr> }).collect_view();
        let book = state.effective.get_untracked();
        let unverified = b.unverified_used.iter().filter_map(|k| book.figure(k).map(|f| view! { <li>{format!("{}: {} — {}", describe::figure_label(&book, k), f.value(), f.provenance().source)}</li> })).collect_view();
        let fees = with_fees.get().then(|| {
            let rows = r.fees.partners.iter().map(|p| view! { <tr><th scope="row">{p.name.clone()}</th><td>{fmt.money(p.transaction_fees)}</td><td>{fmt.money(p.residual_fees)}</td><td>{fmt.money(p.services_total)}</td><td>{fmt.money(p.earnings_total)}</td></tr> }).collect_view();
            view! { <h2>"Partner earnings (MOSP)"</h2><table><thead><tr><th scope="col">"Partner"</th><th scope="col">"Transaction fees"</th><th scope="col">"Residual fees"</th><th scope="col">"Services"</th><th scope="col">"Earnings"</th></tr></thead><tbody>{rows}</tbody></table> }
        });
        let answer = format!(
            "{} over {} months",
            plain(
                &state,
                &describe::verdict_saving(&r.comparison.horizon, &r.paths.ea.availability)
            ),
            r.horizon_months
        );
        Some(view! {
            <article class="print-doc" aria-label="Printable quote">
                <h1>{format!("Quote for {}", if q.customer.name.is_empty() { "a customer" } else { &q.customer.name })}</h1>
                <p class="meta">{format!("{today} · reference {reference} · price book {} ({} version {}, effective {}), {}", b.name, b.id, b.version, b.effective_date, r.currency.code())}</p>
                <h2>"The answer"</h2>
                <p class="verdict">{format!("{}.", describe::capital(&answer))}</p>
                <table><thead><tr>{head("")}</tr></thead><tbody>{periods}</tbody></table>
                {(r.services.total > rust_decimal::Decimal::ZERO).then(|| view! { <p>{format!("Partner services, on every plan: {} over the horizon.", fmt.money(r.services.total))}</p> })}
                <h2>"What was quoted"</h2>
                <ul class="inputs-list">{inputs(state, &q).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                <h2>"Year by year"</h2>
                <table><thead><tr>{head("Year")}</tr></thead><tbody>{years}</tbody></table>
                <h2>"Month by month"</h2>
                <table class="months"><thead><tr>{head("Month")}</tr></thead><tbody>{months}</tbody></table>
                {fees}
                <h2>"Assumptions"</h2>
                <ul>
                    <li>"Billing is monthly in whole months; each month's charge is rounded to the cent, half away from zero, and every total is the sum of its months."</li>
                    <li>"A what-if is a way to buy the customer cannot use today (no agreement, or fewer than 250 qualified users or devices); it is shown only to compare."</li>
                    <li>"Prices are list prices of the price book named above; some are not on public record:"</li>
                </ul>
                <ol class="footnotes">{unverified}</ol>
            </article>
        })
    };
    doc
}

// In `keep`'s file, with the CSV export and the share link.
split_view! {
    /// The printable quote, built while printing ([`print`] fetches its part first).
    fn document() = <Document />, "the printable quote", keep, prefetch_print_doc
}
