//! The headline results: EA and MOSP side by side (P6), availability and the what-if
//! marking (P4), the advice (C4, P2), and what is wrong while the results are out of date.
//!
//! The structure is static and only text nodes follow the result, so an open "how was
//! this computed" stays open while the user edits.

use super::explain::{charge_explanation, scrolling, Lazy};
use crate::app::{AppState, Shared};
use crate::{format, ids};
use leptos::prelude::*;
use licalc_engine::advice::Advice;
use licalc_engine::{Cheaper, Compared, PathKind, PathResult, QuoteResult};

/// Reads the last valid result, if any.
fn read<T: Default>(state: AppState, f: impl Fn(&QuoteResult) -> T) -> T {
    state
        .result
        .with(|r| r.as_ref().map(|r| f(r)).unwrap_or_default())
}

fn path_of(r: &QuoteResult, kind: PathKind) -> &PathResult {
    match kind {
        PathKind::Mosp => &r.paths.mosp,
        PathKind::Ea => &r.paths.ea,
    }
}

fn path_name(kind: PathKind) -> &'static str {
    match kind {
        PathKind::Mosp => "MOSP",
        PathKind::Ea => "EA",
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Period {
    FirstMonth,
    LastMonth,
    FirstYear,
    Horizon,
}

impl Period {
    /// In the order the cards show them.
    const ALL: [Period; 4] = [
        Period::FirstMonth,
        Period::LastMonth,
        Period::FirstYear,
        Period::Horizon,
    ];

    fn compared(self, r: &QuoteResult) -> &Compared {
        match self {
            Period::FirstMonth => &r.comparison.first_month,
            Period::LastMonth => &r.comparison.last_month,
            Period::FirstYear => &r.comparison.first_year,
            Period::Horizon => &r.comparison.horizon,
        }
    }

    /// The name used in accessible labels: "first-year total".
    fn total_name(self) -> &'static str {
        match self {
            Period::FirstMonth => "first-month total",
            Period::LastMonth => "last-month total",
            Period::FirstYear => "first-year total",
            Period::Horizon => "horizon total",
        }
    }

    fn dom(self) -> &'static str {
        match self {
            Period::FirstMonth => "first-month",
            Period::LastMonth => "last-month",
            Period::FirstYear => "first-year",
            Period::Horizon => "horizon",
        }
    }
}

fn period_label(state: AppState, p: Period) -> impl Fn() -> String + Copy {
    move || match p {
        Period::FirstMonth => "First month".to_string(),
        Period::LastMonth => format!("Month {} (the last)", read(state, |r| r.horizon_months)),
        Period::FirstYear => "First year (months 1–12)".to_string(),
        Period::Horizon => format!("Horizon ({} months)", read(state, |r| r.horizon_months)),
    }
}

#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_result = Memo::new(move |_| state.result.with(Option::is_some));
    view! {
        <section class="panel results" aria-labelledby="results-heading">
            <h2 id="results-heading" tabindex="-1">"Results"</h2>
            <StaleNotice />
            <Show when=move || has_result.get() fallback=|| view! { <p>"No valid quote has been computed yet."</p> }>
                <BookInfo />
                <div class="paths">
                    <PathCard kind=PathKind::Mosp />
                    <PathCard kind=PathKind::Ea />
                    <CompareCard />
                </div>
                <AdvicePanel />
            </Show>
        </section>
    }
}

/// The answer in one line above the inputs, for narrow screens where the results come
/// after every input (hidden by CSS when the results sit beside the inputs). Its link
/// moves focus to the results without touching the host page's URL.
#[component]
pub fn QuickSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = move || {
        read(state, |r| {
            let code = r.currency.code();
            let c = &r.comparison.first_year;
            let verdict = match c.cheaper {
                Cheaper::Mosp => "MOSP is cheaper",
                Cheaper::Ea => "EA is cheaper",
                Cheaper::Same => "both cost the same",
            };
            let what_if = if r.paths.ea.what_if { " (what-if)" } else { "" };
            // The engine's "first year" is months 1-12, or the whole horizon if shorter.
            let period = if r.horizon_months == 1 {
                "First month".to_string()
            } else if r.horizon_months < 12 {
                format!("First {} months", r.horizon_months)
            } else {
                "First year".to_string()
            };
            format!(
                "{period}: MOSP {}, EA{what_if} {}: {verdict}.",
                format::money(c.mosp, code),
                format::money(c.ea, code)
            )
        })
    };
    let has_result = Memo::new(move |_| state.result.with(Option::is_some));
    view! {
        <p class="quick-summary" class:empty=move || !has_result.get()>
            <span class="stale-mark" class:shown=move || state.stale()>"Out of date. "</span>
            {line}
            " "
            <a
                href="#results-heading"
                on:click=|ev| {
                    ev.prevent_default();
                    focus("results-heading");
                }
            >
                "See all results"
            </a>
        </p>
    }
}

/// "Results are out of date", and every problem: at its field (linked) or, when it has
/// none, here only.
#[component]
fn StaleNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let stale = Memo::new(move |_| state.stale());
    let items = move || {
        let mut items: Vec<(Option<String>, String)> = state.field_errors.with(|m| {
            m.iter()
                .map(|(id, e)| (Some(id.clone()), e.message.clone()))
                .collect()
        });
        state.problems.with(|ps| {
            state.quote.with(|q| {
                for p in ps.iter() {
                    let message = format!(
                        "{}: {}",
                        ids::place(q, &p.path),
                        super::field::sentence("", &p.message, p.rule)
                    );
                    items.push((ids::for_path(q, &p.path), message));
                }
            })
        });
        items
            .into_iter()
            .map(|(id, message)| linked_item(id, message))
            .collect_view()
    };
    view! {
        <div role="status" class="stale-region">
            <Show when=move || stale.get()>
                <div class="stale">
                    <p>
                        <strong>"Results are out of date: fix the highlighted field."</strong>
                        " The figures below are from the last valid quote."
                    </p>
                    <ul class="problems" aria-label="Problems with the quote">{items}</ul>
                </div>
            </Show>
        </div>
    }
}

/// A list item naming a quote value: a link that moves focus to its field, when it has one.
fn linked_item(id: Option<String>, message: String) -> AnyView {
    match id {
        Some(id) => {
            let target = id.clone();
            view! {
                <li>
                    <a
                        href=format!("#{id}")
                        on:click=move |ev| {
                            ev.prevent_default();
                            focus(&target);
                        }
                    >
                        {message}
                    </a>
                </li>
            }
            .into_any()
        }
        None => view! { <li>{message}</li> }.into_any(),
    }
}

/// Moves focus to a field named in the problem list.
fn focus(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
fn BookInfo() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = move || {
        read(state, |r| {
            let b = &r.price_book;
            let mut s = format!(
                "Priced with {} ({} version {}, effective {}) in {}.",
                b.name,
                b.id,
                b.version,
                b.effective_date,
                r.currency.code()
            );
            if !b.overridden.is_empty() {
                s.push_str(&format!(
                    " This quote overrides {} of its figures.",
                    b.overridden.len()
                ));
            }
            if !b.unverified_used.is_empty() {
                s.push_str(&format!(
                    " {} of the figures used are unverified (C1): see “How was this computed”.",
                    b.unverified_used.len()
                ));
            }
            s
        })
    };
    let warnings = move || {
        let warnings = read(state, |r| r.warnings.clone());
        state.quote.with_untracked(|q| {
            warnings
                .into_iter()
                .map(|w| {
                    let message = format!(
                        "{}: {}",
                        ids::place(q, &w.path),
                        super::field::sentence("", &w.message, w.rule)
                    );
                    linked_item(ids::for_path(q, &w.path), message)
                })
                .collect_view()
        })
    };
    view! {
        <p class="book-info">{text}</p>
        <ul class="warnings">{warnings}</ul>
    }
}

#[component]
fn PathCard(kind: PathKind) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = path_name(kind);
    let what_if = Memo::new(move |_| read(state, |r| path_of(r, kind).what_if));
    let status = move || {
        read(state, |r| {
            let p = path_of(r, kind);
            match kind {
                PathKind::Mosp => {
                    "Bought on the customer portal; volume bands per service (P1, P2).".to_string()
                }
                PathKind::Ea if p.available => {
                    format!(
                        "Bought through the agreement at price level {} (P1, P4).",
                        p.level.clone().unwrap_or_default()
                    )
                }
                PathKind::Ea => format!("Not available: {}", p.reason.clone().unwrap_or_default()),
            }
        })
    };
    let figure = move |period: Period| {
        let label_id = format!("{}-{}-label", name.to_lowercase(), period.dom());
        let aria = move || {
            let base = format!("{name} {}", period.total_name());
            if what_if.get() {
                format!("{base} (what-if)")
            } else {
                base
            }
        };
        let value = move || {
            read(state, |r| {
                let c = period.compared(r);
                let v = match kind {
                    PathKind::Mosp => c.mosp,
                    PathKind::Ea => c.ea,
                };
                format::money(v, r.currency.code())
            })
        };
        view! {
            <div class="figure">
                <dt id=label_id>{period_label(state, period)}</dt>
                <dd>
                    <output aria-label=aria>{value}</output>
                </dd>
            </div>
        }
    };
    let explain = move |period: Period| {
        let summary = match period {
            Period::FirstMonth => format!("How was the {name} first month computed?"),
            Period::LastMonth => format!("How was the {name} last month computed?"),
            Period::FirstYear => format!("How was the {name} first year computed?"),
            Period::Horizon => format!("How was the {name} horizon total computed?"),
        };
        view! {
            <Lazy summary>
                {move || {
                    state
                        .result
                        .get()
                        .map(|r| explain_period(&r, kind, period, &state.book()))
                }}
            </Lazy>
        }
    };
    view! {
        <article class=format!("path-card {}", name.to_lowercase()) class:what-if=move || what_if.get() aria-labelledby=format!("{}-card-heading", name.to_lowercase())>
            <h3 id=format!("{}-card-heading", name.to_lowercase())>
                {match kind {
                    PathKind::Mosp => "MOSP (online subscription)",
                    PathKind::Ea => "EA (Enterprise Agreement)",
                }}
                {move || what_if.get().then(|| view! { " " <span class="badge what-if">"What-if"</span> })}
            </h3>
            <p class="status">{status}</p>
            <dl class="totals" aria-live="polite">
                {Period::ALL.into_iter().map(figure).collect_view()}
            </dl>
            <div class="explain">
                {Period::ALL.into_iter().map(explain).collect_view()}
            </div>
        </article>
    }
}

fn explain_period(
    r: &Shared<QuoteResult>,
    kind: PathKind,
    period: Period,
    book: &licalc_engine::PriceBook,
) -> AnyView {
    let p = path_of(r, kind);
    let code = r.currency.code();
    let h = r.horizon_months;
    match period {
        Period::FirstMonth => view! {
            <p>{format!("The sum of the month-1 charge rows, one per transaction (M3, M5): {}.", format::money(p.months.first().map(|m| m.total).unwrap_or_default(), code))}</p>
            {charge_explanation(&p.rows, 1, 1, book)}
        }
        .into_any(),
        Period::LastMonth => view! {
            <p>{format!("The sum of the month-{h} charge rows, one per transaction billed then (M3, M5): {}. This is what the customer pays each month once every transaction has started.", format::money(p.months.last().map(|m| m.total).unwrap_or_default(), code))}</p>
            {charge_explanation(&p.rows, h, h, book)}
        }
        .into_any(),
        Period::FirstYear => {
            let months = p.months.iter().take(12).map(|m| view! { <tr><th scope="row">{m.month}</th><td>{format::money(m.total, code)}</td></tr> }).collect_view();
            view! {
                <p>{format!("The sum of the month totals of months 1–{} (M5): {}.", h.min(12), format::money(p.first_year_total, code))}</p>
                {scrolling(format!("{} month totals of the first year", path_name(kind)), view! {
                <table class="compact">
                    <caption class="visually-hidden">{format!("{} month totals of the first year", path_name(kind))}</caption>
                    <thead><tr><th scope="col">"Month"</th><th scope="col">"Total"</th></tr></thead>
                    <tbody>{months}</tbody>
                </table>
                })}
                {charge_explanation(&p.rows, 1, 12, book)}
            }
            .into_any()
        }
        Period::Horizon => {
            let years = p
                .years
                .iter()
                .map(|y| view! { <tr><th scope="row">{format!("Year {} ({})", y.year, format::months(y.from_month, y.to_month))}</th><td>{format::money(y.total, code)}</td></tr> })
                .collect_view();
            view! {
                <p>{format!("The sum of the year totals, each the sum of its months (M5): {}.", format::money(p.horizon_total, code))}</p>
                {scrolling(format!("{} year totals", path_name(kind)), view! {
                <table class="compact">
                    <caption class="visually-hidden">{format!("{} year totals", path_name(kind))}</caption>
                    <thead><tr><th scope="col">"Year"</th><th scope="col">"Total"</th></tr></thead>
                    <tbody>{years}</tbody>
                </table>
                })}
                {charge_explanation(&p.rows, 1, h, book)}
            }
            .into_any()
        }
    }
}

#[component]
fn CompareCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let row = move |period: Period| {
        let value = move || {
            read(state, |r| {
                format::money(period.compared(r).difference, r.currency.code())
            })
        };
        let cheaper = move || {
            read(state, |r| match period.compared(r).cheaper {
                Cheaper::Mosp => "MOSP is cheaper".to_string(),
                Cheaper::Ea => "EA is cheaper".to_string(),
                Cheaper::Same => "Both cost the same".to_string(),
            })
        };
        let aria = format!(
            "Difference, {}: EA minus MOSP",
            period.total_name().trim_end_matches(" total")
        );
        view! {
            <div class="figure">
                <dt>{period_label(state, period)}</dt>
                <dd>
                    <output aria-label=aria>{value}</output>
                    <span class="cheaper">{cheaper}</span>
                </dd>
            </div>
        }
    };
    view! {
        <article class="path-card compare" aria-labelledby="compare-heading">
            <h3 id="compare-heading">"Difference (EA − MOSP)"</h3>
            <p class="status">"Positive: MOSP is cheaper; negative: EA is cheaper (P6)."</p>
            <dl class="totals" aria-live="polite">
                {Period::ALL.into_iter().map(row).collect_view()}
            </dl>
            <Lazy summary="How was the difference computed?">
                <p>"Each difference is the EA figure minus the MOSP figure for the same quote and period, as the engine compared them (P6). The EA column is a what-if when the customer cannot buy through an EA (P4)."</p>
                <ul class="explain-lines">
                    {move || {
                        read(state, |r| {
                            let code = r.currency.code();
                            Period::ALL
                                .into_iter()
                                .map(|p| {
                                    let c = p.compared(r);
                                    let name = p.total_name();
                                    view! {
                                        <li>
                                            {format!(
                                                "{}: EA {name} {} − MOSP {name} {} = {} (P6).",
                                                super::field::capitalise(name),
                                                format::money(c.ea, code),
                                                format::money(c.mosp, code),
                                                format::money(c.difference, code),
                                            )}
                                        </li>
                                    }
                                    .into_any()
                                })
                                .collect::<Vec<_>>()
                        })
                    }}
                </ul>
            </Lazy>
        </article>
    }
}

#[component]
fn AdvicePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = state.book();
    let advice = move || {
        read(state, |r| {
            r.advice
                .iter()
                .map(|a| advice_item(a, r.currency.code(), &book))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="advice" aria-labelledby="advice-heading">
            <h3 id="advice-heading">"Advice"</h3>
            {move || {
                let list = advice();
                if list.is_empty() {
                    return view! { <p>"No saving found: no suite is bought as separate components (C4) and no quantity sits just below a cheaper volume band (P2)."</p> }.into_any();
                }
                let items = list
                    .into_iter()
                    .map(|(message, saving)| {
                        view! {
                            <li>
                                <p>{message}</p>
                                <p class="saving"><strong>{saving}</strong></p>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="advice-list">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// The engine's advice in a sentence with amounts in the user's locale: the same figures
/// as the engine's own `message`, which prints plain decimals for logs and the CLI.
fn advice_item(a: &Advice, code: &str, book: &licalc_engine::PriceBook) -> (String, String) {
    let m = |d| format::money(d, code);
    match a {
        Advice::Suite { path, suite_name, users, from_month, to_month, current_monthly, suite_monthly, monthly_saving, total_saving, rules, .. } => (
            format!(
                "On {}, {} users take every component of {suite_name} separately ({}): the suite would cost {} instead of {} a month, {} a month less ({}).",
                path_name(*path),
                format::count(users),
                format::months(*from_month, *to_month),
                m(*suite_monthly),
                m(*current_monthly),
                m(*monthly_saving),
                rules.join(", ")
            ),
            format!("Saves {} over {}", m(*total_saving), format::months(*from_month, *to_month)),
        ),
        Advice::VolumeCliff { service, service_name, from_month, to_month, quantity, suggested_quantity, current_monthly, suggested_monthly, monthly_saving, total_saving, rules, .. } => {
            let unit = match book.service(service).map(|s| s.unit) {
                Some(licalc_engine::Unit::Device) => "devices",
                _ => "users",
            };
            (
                format!(
                    "On MOSP, {} {unit} of {service_name} cost {} a month ({}); {} {unit} would cost {}, {} a month less, because the volume discount applies to every unit ({}).",
                    format::count(quantity),
                    m(*current_monthly),
                    format::months(*from_month, *to_month),
                    format::count(suggested_quantity),
                    m(*suggested_monthly),
                    m(*monthly_saving),
                    rules.join(", ")
                ),
                format!("Saves {} over {}", m(*total_saving), format::months(*from_month, *to_month)),
            )
        }
    }
}
