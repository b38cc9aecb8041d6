//! The customer's answer: which way to buy, and what it costs per month, in the first
//! year and over the horizon on each plan they can buy. An EA they cannot buy stays
//! visible, marked as a what-if, and is never the one to choose (P4).

use crate::components::common::lazy::{nothing, shown, Lazy};
use crate::components::common::text::{RuleButton, TermButton, TextView};
use crate::components::results::periods::Period;
use crate::parts::ahead;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt, Term};
use licalc_engine::{PathKind, QuoteResult, Rule};

fn r_horizon(state: AppState) -> u32 {
    state.read(|r| r.horizon_months)
}

/// The plans worth showing a customer: MOSP, the EA (perhaps a what-if) and the switch plan.
fn kinds(r: &QuoteResult) -> Vec<PathKind> {
    r.paths.all().map(|p| p.kind).collect()
}

#[component]
fn PlanFigures(kind: PathKind) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = describe::path_name(kind);
    let what_if =
        Memo::new(move |_| state.read(|r| r.paths.get(kind).is_some_and(|p| !p.available())));
    let chosen = Memo::new(move |_| {
        state.read(|r| {
            r.comparison.horizon.cheaper_available.path == kind
                && !r.comparison.horizon.cheaper_available.tie
        })
    });
    let row = move |label: &'static str, aria: &'static str, period: Period| {
        let value = move || period.money(state, kind);
        let aria = move || {
            format!(
                "{name} {aria}{}",
                if what_if.get() { " (what-if)" } else { "" }
            )
        };
        view! { <div class="figure"><dt>{label}</dt><dd><output aria-label=aria>{value}</output></dd></div> }
    };
    let horizon = move || state.read(|r| r.horizon_months);
    view! {
        <article class=format!("plan {}", crate::components::results::periods::dom(kind)) class:what-if=move || what_if.get() class:chosen=move || chosen.get()>
            <h3>
                {describe::path_title(kind)}
                {move || what_if.get().then(|| view! { " " <span class="badge what-if">"What-if"</span> })}
                {move || chosen.get().then(|| view! { " " <span class="badge chosen">"Choose this"</span> })}
            </h3>
            <dl class="totals">
                {row("Per month (first month)", "per month", Period::FirstMonth)}
                {row("First year", "first year", Period::FirstYear)}
                <div class="figure"><dt>{move || format!("Over {} months", horizon())}</dt><dd><output aria-label=move || format!("{name} over the horizon{}", if what_if.get() { " (what-if)" } else { "" })>{move || Period::Horizon.money(state, kind)}</output></dd></div>
                {move || state.read(|r| r.with_services(kind).filter(|_| !r.services.total.is_zero())).map(|(_, horizon_total)| view! {
                    <div class="figure with-services"><dt>{move || format!("With partner services, over {} months", horizon())}</dt><dd><output aria-label=move || format!("{name} with partner services over the horizon{}", if what_if.get() { " (what-if)" } else { "" })>{state.fmt().money(horizon_total)}</output></dd></div>
                })}
            </dl>
        </article>
    }
}

/// A section's role: a region on the app's page; in a widget only a group, since a page
/// with several widgets would otherwise have several regions of the same name.
pub fn landmark(state: AppState) -> &'static str {
    if state.config.with_untracked(|c| c.embedded) {
        "group"
    } else {
        "region"
    }
}

#[component]
pub fn CustomerAnswer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let empty = Memo::new(move |_| {
        state
            .quote
            .with(|q| q.transactions.iter().all(|t| t.quantity == 0))
    });
    let kinds = Memo::new(move |_| state.read(kinds));
    // A compact widget shows the answer; the rest is one click away.
    let compact = Memo::new(move |_| state.config.with(|c| c.compact));
    let open = RwSignal::new(false);
    let details = move || !compact.get() || open.get();
    let verdict_text = move || {
        state.read(|r| Some(describe::verdict_saving(&r.comparison.horizon, &r.paths.ea.availability))).map(|t| view! { <TextView text=t.capitalised().w(format!(" over {} months.", r_horizon(state))) /> })
    };
    let services = move || {
        state.read(|r| {
            (!r.services.total.is_zero()).then(|| {
                let fmt = state.fmt();
                view! { <p class="services-line"><span>"Partner services: "</span><output aria-label="Partner services over the horizon">{fmt.money(r.services.total)}</output>" over the horizon, the same on every plan, included in “with partner services” above (" <RuleButton rule=Rule::S2 /> ")."</p> }
            })
        })
    };
    view! {
        <section class="panel answer" role=landmark(state) aria-labelledby="answer-heading" aria-live="polite">
            <h2 id="answer-heading" tabindex="-1">"Your answer"</h2>
            <crate::components::results::status::StaleNotice />
            {shown(move || !empty.get(), move || view! {
                <p class="verdict">{verdict_text}</p>
                <div class="plans">
                    // Rebuilt only when the set of plans changes (`kinds` is a memo): a
                    // keyed <For> would bring its list-diffing code for two or three cards.
                    {move || kinds.get().into_iter().map(|kind| view! { <PlanFigures kind /> }).collect_view()}
                </div>
                {shown(details, move || view! { {services} <Explanation /> }.into_any(), nothing)}
            }.into_any(), || view! { <p class="empty-answer">"Choose the services you want and how many users and PCs: the answer appears here."</p> }.into_any())}
            {shown(move || compact.get(), move || view! {
                <button type="button" class="link" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "Hide details" } else { "See details" }}
                </button>
            }.into_any(), nothing)}
            {shown(details, || view! { <NextStep /> }.into_any(), nothing)}
        </section>
    }
}

/// One plain sentence per plan, then "how was this computed" one click away.
#[component]
fn Explanation() -> impl IntoView {
    let state = expect_context::<AppState>();
    let sentences = move || {
        state.read(|r| {
            let fmt = state.fmt();
            r.paths
                .all()
                .map(|p| {
                    let how = match p.kind {
                        PathKind::Mosp => "month by month on the customer portal; a volume discount per service from 250".to_string(),
                        PathKind::Ea => "through an Enterprise Agreement at its price level".to_string(),
                        PathKind::Switch => format!("on MOSP, then through an EA from {}", fmt.month(p.switch_month.unwrap_or(1))),
                    };
                    let if_ = if p.available() { "" } else { " (a what-if: you cannot buy this way today)" };
                    view! { <li>{format!("{}: {how}{if_}; {} over {} months.", describe::path_name(p.kind), fmt.money(p.horizon_total), r.horizon_months)}</li> }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="plain-sentences">{sentences}</ul>
        <p class="hint">"Words used: " <TermButton term=Term::Mosp /> ", " <TermButton term=Term::Ea /> ", " <TermButton term=Term::Qualified text="qualified" /> ", " <TermButton term=Term::WhatIf text="what-if" /> "."</p>
        <div class="how-computed" on:pointerenter=ahead(&crate::parts::EXPLAIN) on:focusin=ahead(&crate::parts::EXPLAIN)>
            <Lazy summary="How was this computed?">{crate::parts::how_computed()}</Lazy>
        </div>
    }
}

/// The next step: the hosting partner, or a neutral pointer.
#[component]
fn NextStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (name, link) = state
            .config
            .with(|c| (c.partner_name.clone(), c.partner_link.clone()));
        let safe = link.filter(|l| {
            l.starts_with("https://") || l.starts_with("http://") || l.starts_with("mailto:")
        });
        let body = match (name, safe) {
            (Some(n), Some(l)) => view! { <p>"Talk to " <a href=l rel="noopener" target="_blank">{n}</a> " about buying or about a quote of your own."</p> }.into_any(),
            (Some(n), None) => view! { <p>{format!("Talk to {n} about buying or about a quote of your own.")}</p> }.into_any(),
            (None, Some(l)) => view! { <p>"Ask " <a href=l rel="noopener" target="_blank">"your partner"</a> " about buying or about a quote of your own."</p> }.into_any(),
            (None, None) => view! { <p>"Buy on MOSP through Microsoft's online customer portal, or through your agreement; a Microsoft partner (" <TermButton term=Term::Por text="Partner of Record" /> ") can help with either."</p> }.into_any(),
        };
        view! { <div class="next-step"><h3>"Next step"</h3>{body}</div> }
    }
}
