//! What each partner earns (F1-F9, S3): Partner of Record fees and its own services side
//! by side, year by year, with the year-1 figure (F5), the evergreen monthly residual
//! (F4) and a stacked chart; fees nobody earns, with why (F2, F6, F8); on the EA side the
//! reason there are none (F1).

use super::charts::EarningsChart;
use super::explain::{capped, fee_explanation};
use crate::components::common::each::{by_id, by_index};
use crate::components::common::lazy::{scrolling, shown, Lazy};
use crate::components::common::pager::{Pager, Pages};
use crate::components::common::text::{live_text, RuleButton};
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt, Text};
use licalc_engine::{FeeResult, PartnerFees, Rule};
use rust_decimal::Decimal;

#[component]
pub fn FeesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ids = Memo::new(move |_| {
        state.read_later(|r| {
            r.fees
                .partners
                .iter()
                .map(|p| p.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let pages = Pages::new(12);
    let total = move |f: fn(&FeeResult) -> Decimal| {
        move || state.read_later(|r| state.fmt().money(f(&r.fees)))
    };
    let terms = live_text(move || {
        state.read_later(|r| {
            Some(
                Text::new()
                    .w("Fees on what the customer pays through the portal: a ")
                    .percent(r.fees.transaction_rate)
                    .w(format!(
                        " transaction fee on each transaction's first {} months",
                        r.fees.first_year_months
                    ))
                    .rule(Rule::F3)
                    .w(" and a ")
                    .percent(r.fees.residual_rate)
                    .w(" residual each month, evergreen")
                    .rule(Rule::F4)
                    .w("; rates from the price book")
                    .rule(Rule::F9)
                    .w("."),
            )
        })
    });
    view! {
        <section class="panel fees" aria-labelledby="fees-heading">
            <h2 id="fees-heading" tabindex="-1">"Partner earnings"</h2>
            <div class="paths two">
                <div class="path-note">
                    <h3>"MOSP"</h3>
                    <p>{terms}</p>
                    <p>
                        "All partners over the horizon: transaction fees "
                        <output aria-label="All partners' transaction fees">{total(|f| f.transaction_total)}</output>
                        " + residual fees "
                        <output aria-label="All partners' residual fees">{total(|f| f.residual_total)}</output>
                        " = "
                        <output aria-label="Total fees paid to partners">{total(|f| f.total)}</output>
                    </p>
                </div>
                <div class="path-note">
                    <h3>"EA"</h3>
                    <p>"Partner of Record fees are earned only on purchases through the customer portal (MOSP); EA purchases earn none in this model (" <RuleButton rule=Rule::F1 /> ")."</p>
                </div>
            </div>
            {shown(move || ids.with(|p| !p.is_empty()), move || view! {
                <div class="partner-cards">
                    {by_id(move || { let all = ids.get(); let r = pages.range(all.len()); all[r].to_vec() }, move |id| view! { <PartnerCard id /> }.into_any())}
                </div>
                <Pager pages len=Signal::derive(move || ids.with(Vec::len)) label="Pages of partner cards" what="partners" />
            }.into_any(), || view! { <p>"The quote has no partners: add one under Partners."</p> }.into_any())}
            <Forfeited />
        </section>
    }
}

/// The partner's name as the quote has it, or its id.
fn partner_name(state: AppState, fees: ReadSignal<Option<PartnerFees>>) -> String {
    fees.with(|f| {
        f.as_ref()
            .map(|p| {
                state
                    .quote
                    .with_untracked(|q| q.partner(&p.id).map(|x| x.display_name().to_string()))
                    .unwrap_or_else(|| p.id.clone())
            })
            .unwrap_or_default()
    })
}

#[component]
fn PartnerCard(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let fees = {
        let id = id.clone();
        // Settled: the result is marked changed more than once an edit, and each time
        // a memo here would wake every year's row of the card again.
        crate::state::settled(move || {
            state.read_later(|r| r.fees.partners.iter().find(|p| p.id == id).cloned())
        })
    };
    let name = move || partner_name(state, fees);
    let heading_id = format!("fees-{}", crate::ids::key(&id));
    let labelledby = heading_id.clone();
    // Rows kept by position, cells rewritten: an edit changes figures, rarely the years.
    let years = by_index(
        move || 0..fees.with(|f| f.as_ref().map_or(0, |p| p.years.len())),
        move |i| {
            // Row `i`'s year on its own: an edit that leaves the year's figures as they
            // were (most years, most edits) wakes none of its five cells.
            let year =
                Memo::new(move |_| fees.with(|p| p.as_ref().and_then(|p| p.years.get(i).cloned())));
            let of = move |f: fn(&licalc_engine::fees::FeeYear, &dyn Fmt) -> String| {
                move || year.with(|y| y.as_ref().map(|y| f(y, &state.fmt())))
            };
            view! { <tr><th scope="row">{of(|y, _| format!("Year {}", y.year))}</th><td>{of(|y, f| f.money(y.transaction))}</td><td>{of(|y, f| f.money(y.residual))}</td><td>{of(|y, f| f.money(y.services))}</td><td>{of(|y, f| f.money(y.earnings))}</td></tr> }.into_any()
        },
    );
    let explain_id = id.clone();
    view! {
        <article class="partner-card" aria-labelledby=labelledby>
            <h3 id=heading_id>{name}</h3>
            <PartnerTotals fees />
            {scrolling(format!("{} year by year", id), view! {
                <table class="compact">
                    <caption>{move || format!("{} year by year", name())}</caption>
                    <thead><tr><th scope="col">"Year"</th><th scope="col">"Transaction"</th><th scope="col">"Residual"</th><th scope="col">"Services"</th><th scope="col">"Earnings"</th></tr></thead>
                    <tbody>{years}</tbody>
                </table>
            })}
            <EarningsChart partner=id.clone() />
            <Lazy summary=Signal::derive(move || format!("How were {}'s fees computed?", name()))>
                {
                    let id = explain_id.clone();
                    move || state.later.with(|r| r.as_ref().map(|r| fee_explanation(&state.quote.get_untracked(), &r.fees, &id)))
                }
            </Lazy>
        </article>
    }
}

/// A partner's fee totals beside its services and earnings, each labelled with its name.
#[component]
fn PartnerTotals(fees: ReadSignal<Option<PartnerFees>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = move || partner_name(state, fees);
    let out = move |label: &'static str, rule: Option<Rule>, f: fn(&PartnerFees) -> Decimal| {
        let aria = move || match rule {
            Some(r) => format!("{}: {label} ({r})", name()),
            None => format!("{}: {label}", name()),
        };
        let value = move || {
            fees.with(|x| {
                x.as_ref()
                    .map(|p| state.fmt().money(f(p)))
                    .unwrap_or_default()
            })
        };
        let rule = rule.map(|r| view! { " (" <RuleButton rule=r /> ")" });
        view! { <div class="figure"><dt>{label}{rule}</dt><dd><output aria-label=aria>{value}</output></dd></div> }
    };
    view! {
        <div class="side-by-side">
            <dl class="totals">
                {out("Transaction fees", Some(Rule::F3), |p| p.transaction_fees)}
                {out("Residual fees", Some(Rule::F4), |p| p.residual_fees)}
                {out("Total fees", None, |p| p.total)}
                {out("Year 1", Some(Rule::F5), |p| p.year1_total)}
                {out("Evergreen monthly residual", None, |p| p.evergreen_monthly)}
            </dl>
            <dl class="totals">
                {out("Services, one-off", None, |p| p.services_one_off)}
                {out("Services, recurring", None, |p| p.services_recurring)}
                {out("Services total", None, |p| p.services_total)}
                {out("Earnings (fees + services)", None, |p| p.earnings_total)}
            </dl>
        </div>
    }
}

/// Forfeited fees: each run of months of one transaction, fee type and cause is a line;
/// amounts and the total are the engine's.
#[component]
fn Forfeited() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = move || {
        state.later.with(|r| {
            let r = r.as_ref()?;
            if r.fees.forfeited.is_empty() {
                return Some(view! { <p>"No fee is forfeited: every month of every transaction has an eligible Partner of Record."</p> }.into_any());
            }
            let q = state.quote.get_untracked();
            let lines: Vec<Text> = r
                .fees
                .forfeited
                .iter()
                .map(|f| {
                    Text::new()
                        .w(format!("{}, {}, ", f.transaction, describe::fee_kind(f.kind)))
                        .months(f.from_month, f.to_month)
                        .w(": ")
                        .money(f.amount)
                        .w(" a month, not paid: ")
                        .then(describe::forfeit(f, &q))
                        .rules(f.rules.iter())
                        .w(".")
                })
                .collect();
            let total = state.fmt().money(r.fees.forfeited_total);
            Some(view! {
                <p>"Fees nobody earns over the horizon: " <output aria-label="Forfeited fees over the horizon">{total}</output> "."</p>
                <div class="forfeited">{capped(lines, "lines")}</div>
            }
            .into_any())
        })
    };
    view! {
        <section class="forfeited-panel" aria-labelledby="forfeited-heading">
            <h3 id="forfeited-heading">"Forfeited fees"</h3>
            {summary}
        </section>
    }
}
