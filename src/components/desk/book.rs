//! The portfolio (V1): each partner's transaction fees, residual fees, services and
//! forfeited fees per calendar month, per customer and in total, for one partner or all.

use super::{open_customer, Back, Desk, Shared};
use crate::components::common::table::{Paged, Rows};
use crate::components::common::text::TextView;
use crate::components::results::charts::{plot, stacked};
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt};
use licalc_engine::portfolio::{Amounts, Line};
use licalc_engine::Rule;
use rust_decimal::Decimal;

/// Whether a line counts under the partner filter ("" is every partner, and the fees
/// forfeited with no Partner of Record).
fn keep(partner: &str, l: &Line) -> bool {
    partner.is_empty() || l.partner.as_deref() == Some(partner)
}

#[component]
pub fn Portfolio() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let count = move || built.with(|b| b.0.index.len());
    view! {
        <section class="panel portfolio" aria-labelledby="portfolio-heading">
            <h2 id="portfolio-heading">"Portfolio"</h2>
            <Controls />
            <Included />
            {move || if count() == 0 {
                view! { <p>"No saved quote can be added up yet. Save a quote with a customer name and a calendar start month (partner mode, Customer) and it appears here."</p> }.into_any()
            } else {
                view! { <Totals /> <MonthsChart /> <ByMonth /> <ByCustomer /> }.into_any()
            }}
            {move || (desk.partner.get().is_empty() && count() > 0).then(|| view! {
                <p class="hint">"Forfeited fees are fees nobody is paid: no eligible Partner of Record in that month (" <crate::components::common::text::RuleButton rule=Rule::F6 /> ")."</p>
            })}
        </section>
    }
}

/// The partner filter and the month the attention list counts from.
#[component]
fn Controls() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let options = move || {
        built.with(|b| {
            b.0.partners
                .iter()
                .map(|(id, name)| {
                    let (id, selected) = (id.clone(), desk.partner.get_untracked() == *id);
                    view! { <option value=id selected=selected>{name.clone()}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="grid desk-controls">
            <div class="field">
                <label for="desk-partner">"Partner"</label>
                <select id="desk-partner" on:change=move |ev| desk.partner.set(event_target_value(&ev)) prop:value=move || desk.partner.get()>
                    <option value="">"Every partner"</option>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="desk-as-of">"Attention from (month)"</label>
                <input id="desk-as-of" type="month" prop:value=move || desk.as_of.get() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if v.parse::<licalc_engine::quote::CalendarMonth>().is_ok() { desk.as_of.set(v) }
                } />
            </div>
        </div>
    }
}

/// Which saved quotes are in the portfolio, with what keeps any of them out.
#[component]
fn Included() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let state = expect_context::<AppState>();
    let rows = move || {
        built.with(|b| {
            b.0.customers
                .iter()
                .map(|c| {
                    let (id, included, label) = (c.id.clone(), c.included, format!("{} (saved as “{}”)", c.name(), c.saved.name));
                    let input_id = format!("include-{}", crate::ids::key(&c.id));
                    view! {
                        <li class="choice">
                            <input type="checkbox" id=input_id.clone() prop:checked=included on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                desk.excluded.update(|x| { x.retain(|e| *e != id); if !on { x.push(id.clone()) } });
                            } />
                            <label for=input_id>{label}</label>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let summary = move || {
        built.with(|b| {
            format!(
                "Saved quotes in the portfolio: {} of {}",
                b.0.customers.iter().filter(|c| c.included).count(),
                b.0.customers.len()
            )
        })
    };
    let problems = move || {
        built.with(|b| {
            let b = &b.0;
            let mut out: Vec<AnyView> = Vec::new();
            for r in &b.portfolio.refused {
                let i = b.customers.iter().position(|c| c.included && c.name() == r.name());
                let fix = i.map(|i| {
                    let b = built.get_untracked();
                    view! { " " <button type="button" class="small" on:click=move |ev| { if let Some(t) = ev.target() { open_customer(&b.0, i, Some(Back { focus: String::new(), customer: b.0.customers[i].name(), text: None, fmt_start: None }), &t, "customer-heading") } }>"Open it"</button> }
                });
                out.push(view! { <li><TextView text=describe::refused(r).capitalised() />{fix}</li> }.into_any());
            }
            let mut names: Vec<String> = b.index.iter().map(|&i| b.customers[i].name()).collect();
            names.sort();
            names.dedup_by(|a, b| {
                let twice = a == b;
                if twice {
                    out.push(view! { <li>{format!("“{a}” is in the portfolio more than once: each saved quote counts, so its figures are added twice. Leave out the ones that are other versions of the same deal.")}</li> }.into_any());
                }
                twice
            });
            if b.damaged > 0 {
                out.push(view! { <li>{format!("{} saved quotes cannot be read and are left out (see Saved quotes).", b.damaged)}</li> }.into_any());
            }
            (!out.is_empty()).then(|| view! { <ul class="warnings" aria-label="Left out or counted twice">{out}</ul> })
        })
    };
    let _ = state;
    view! {
        {problems}
        <details class="included">
            <summary>{summary}</summary>
            <ul class="checklist" aria-label="Saved quotes in the portfolio">{rows}</ul>
        </details>
    }
}

/// The filtered totals, per month and over everything (M5).
fn totals(built: Memo<Shared>, desk: Desk) -> Memo<(Vec<Amounts>, Amounts)> {
    Memo::new(move |_| {
        let partner = desk.partner.get();
        built.with(|b| {
            b.0.portfolio
                .total(|l| keep(&partner, l))
                .unwrap_or_default()
        })
    })
}

#[component]
fn Totals() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let state = expect_context::<AppState>();
    let sums = totals(built, desk);
    let who = move || {
        let p = desk.partner.get();
        if p.is_empty() {
            "Every partner".to_string()
        } else {
            built.with(|b| b.0.partner_name(&p))
        }
    };
    let figure = move |label: &'static str, pick: fn(&Amounts) -> Decimal| {
        let value = move || built.with(|b| b.0.fmt(&state).money(sums.with(|s| pick(&s.1))));
        let aria = move || format!("{}: {label}", who());
        view! { <div class="figure"><dt>{label}</dt><dd><output aria-label=aria>{value}</output></dd></div> }
    };
    let span = move || {
        built.with(|b| {
            let p = &b.0.portfolio;
            let fmt = b.0.fmt(&state);
            format!(
                "{} customers, {} to {}",
                b.0.index.len(),
                fmt.calendar(p.first),
                fmt.calendar(p.first.plus(p.span.saturating_sub(1)))
            )
        })
    };
    view! {
        <h3>{who}</h3>
        <p>{span}</p>
        <dl class="totals portfolio-totals">
            {figure("Transaction fees", |a| a.transaction)}
            {figure("Residual fees", |a| a.residual)}
            {figure("Services", |a| a.services)}
            {figure("Earned (fees + services)", Amounts::earned)}
            {figure("Forfeited", |a| a.forfeited)}
        </dl>
    }
}

#[component]
fn MonthsChart() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let state = expect_context::<AppState>();
    let sums = totals(built, desk);
    let max = move || sums.with(|s| s.0.iter().map(Amounts::earned).max().unwrap_or_default());
    let svg = move || {
        let months: Vec<Vec<(&'static str, Decimal)>> = sums.with(|s| {
            s.0.iter()
                .map(|a| {
                    vec![
                        ("s-residual", a.residual),
                        ("s-transaction", a.transaction),
                        ("s-services", a.services),
                    ]
                })
                .collect()
        });
        let label = built.with(|b| {
            let fmt = b.0.fmt(&state);
            let total = sums.with(|s| s.1.earned());
            format!("Earned per month from {} over {} months, residual fees, transaction fees and services stacked: {} in all.", fmt.calendar(b.0.portfolio.first), months.len(), fmt.money(total))
        });
        stacked(&months, max(), label)
    };
    let top = move || built.with(|b| b.0.fmt(&state).money(max()));
    let span = move || built.with(|b| b.0.portfolio.span);
    // Tracked: the axis is labelled again when the portfolio's first month moves, even
    // with the same span (the plot's ticks otherwise follow the span only).
    let tick = move |m: u32| {
        built.with(|b| {
            b.0.fmt(&state)
                .calendar(b.0.portfolio.first.plus(m.saturating_sub(1)))
        })
    };
    view! {
        <figure class="chart">
            <figcaption>"Earned per month"</figcaption>
            {plot(svg, top, span, false, tick)}
            <ul class="legend">
                <li><span class="key s-transaction" aria-hidden="true"></span>"Transaction fees"</li>
                <li><span class="key s-residual" aria-hidden="true"></span>"Residual fees"</li>
                <li><span class="key s-services" aria-hidden="true"></span>"Services"</li>
            </ul>
        </figure>
    }
}

#[component]
fn ByMonth() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let state = expect_context::<AppState>();
    let sums = totals(built, desk);
    let rows = Signal::derive(move || {
        let (months, first, fmt) =
            built.with(|b| (sums.get().0, b.0.portfolio.first, b.0.fmt(&state)));
        Rows::new(months.len(), move |i| {
            let a = &months[i];
            vec![
                fmt.calendar(first.plus(i as u32)),
                fmt.money(a.transaction),
                fmt.money(a.residual),
                fmt.money(a.services),
                fmt.money(a.earned()),
                fmt.money(a.forfeited),
            ]
        })
    });
    view! {
        <h3>"By month"</h3>
        <Paged label="Portfolio by month" headers=vec!["Month", "Transaction fees", "Residual fees", "Services", "Earned", "Forfeited"] rows />
    }
}

#[component]
fn ByCustomer() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let state = expect_context::<AppState>();
    let rows = move || {
        let partner = desk.partner.get();
        let shared = built.get();
        let b = &shared.0;
        let fmt = b.fmt(&state);
        b.portfolio
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| keep(&partner, l))
            .map(|(n, l)| {
                let name = b.portfolio.customers[l.customer].name.clone();
                let who = l.partner.as_deref().map_or_else(|| "Nobody (forfeited)".to_string(), |p| b.partner_name(p));
                let t = l.total;
                let i = b.index[l.customer];
                let open_id = format!("open-line-{n}");
                let shared = shared.clone();
                let label = format!("Open {name}'s quote");
                let back_name = name.clone();
                let focus = open_id.clone();
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td>{who}</td>
                        <td>{fmt.money(t.transaction)}</td>
                        <td>{fmt.money(t.residual)}</td>
                        <td>{fmt.money(t.services)}</td>
                        <td>{fmt.money(t.earned())}</td>
                        <td>{fmt.money(t.forfeited)}</td>
                        <td><button type="button" class="small" id=open_id aria-label=label on:click=move |ev| {
                            let back = Back { focus: focus.clone(), customer: back_name.clone(), text: None, fmt_start: None };
                            if let Some(t) = ev.target() { open_customer(&shared.0, i, Some(back), &t, "fees-heading") }
                        }>"Open"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3>"By customer"</h3>
        {crate::components::common::lazy::scrolling("Portfolio by customer".to_string(), view! {
            <table class="compact">
                <caption class="visually-hidden">"Portfolio by customer"</caption>
                <thead><tr><th scope="col">"Customer"</th><th scope="col">"Partner"</th><th scope="col">"Transaction fees"</th><th scope="col">"Residual fees"</th><th scope="col">"Services"</th><th scope="col">"Earned"</th><th scope="col">"Forfeited"</th><th scope="col"><span class="visually-hidden">"Open"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    }
}
