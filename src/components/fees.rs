//! What each Partner of Record earns (F1-F9): transaction, residual and total fees, year
//! by year, the year-1 figure (F5) and the evergreen monthly annuity (F4); fees nobody
//! earns, with why (F2, F6, F8); and on the EA side the engine's note instead of zeros (F1).

use super::explain::{capped_lazy, fee_explanation, runs, Lazy};
use crate::app::AppState;
use crate::format;
use leptos::prelude::*;
use licalc_engine::fees::ForfeitedFee;
use licalc_engine::{FeeKind, PartnerFees};

#[component]
pub fn FeesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let partner_ids = Memo::new(move |_| {
        state.result.with(|r| {
            r.as_ref()
                .map(|r| r.partners.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let ea_note = move || {
        state.result.with(|r| {
            r.as_ref()
                .map(|r| r.fees.ea_note.to_string())
                .unwrap_or_default()
        })
    };
    let amount = move |f: fn(&licalc_engine::FeeResult) -> rust_decimal::Decimal| {
        move || {
            state.result.with(|r| {
                r.as_ref()
                    .map(|r| format::money(f(&r.fees), r.currency.code()))
                    .unwrap_or_default()
            })
        }
    };
    // The rates the engine used: the price book's, or this quote's overrides (F9).
    let terms = move || {
        state.result.with(|r| {
            r.as_ref().map(|r| {
                format!(
                    "Fees on what the customer pays through the portal: a {} transaction fee on each transaction's first {} months (F3) and a {} residual each month, evergreen (F4); rates from the price book (F9).",
                    format::percent(r.fees.transaction_rate),
                    r.fees.first_year_months,
                    format::percent(r.fees.residual_rate)
                )
            })
        })
    };
    view! {
        <section class="panel fees" aria-labelledby="fees-heading">
            <h2 id="fees-heading">"Partner of Record fees"</h2>
            <div class="paths two">
                <div class="path-note">
                    <h3>"MOSP"</h3>
                    <p>{terms}</p>
                    <p>
                        "All partners over the horizon: transaction fees "
                        <output aria-label="All partners' transaction fees">{amount(|f| f.transaction_total)}</output>
                        " + residual fees "
                        <output aria-label="All partners' residual fees">{amount(|f| f.residual_total)}</output>
                        " = "
                        <output aria-label="Total fees paid to partners">{amount(|f| f.total)}</output>
                    </p>
                </div>
                <div class="path-note">
                    <h3>"EA"</h3>
                    <p>{ea_note}</p>
                </div>
            </div>
            <Show when=move || partner_ids.with(|p| !p.is_empty()) fallback=|| view! { <p>"The quote has no partners: add one under Partners."</p> }>
                <div class="partner-cards">
                    <For each=move || partner_ids.get() key=|id| id.clone() children=move |id| view! { <PartnerCard id /> } />
                </div>
            </Show>
            <Forfeited />
        </section>
    }
}

#[component]
fn PartnerCard(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let fees = {
        let id = id.clone();
        Memo::new(move |_| {
            state.result.with(|r| {
                r.as_ref().and_then(|r| {
                    r.partners
                        .iter()
                        .find(|p| p.id == id)
                        .cloned()
                        .map(|p| (p, r.currency.code()))
                })
            })
        })
    };
    let name = move || {
        fees.with(|f| {
            f.as_ref()
                .map(|(p, _)| {
                    if p.name.trim().is_empty() {
                        p.id.clone()
                    } else {
                        p.name.clone()
                    }
                })
                .unwrap_or_default()
        })
    };
    let heading_id = format!("fees-{}", crate::ids::key(&id));
    let money = move |f: fn(&PartnerFees) -> rust_decimal::Decimal| {
        move || {
            fees.with(|x| {
                x.as_ref()
                    .map(|(p, code)| format::money(f(p), code))
                    .unwrap_or_default()
            })
        }
    };
    let out = move |label: &'static str, f: fn(&PartnerFees) -> rust_decimal::Decimal| {
        let aria = move || format!("{}: {label}", name());
        view! {
            <div class="figure">
                <dt>{label}</dt>
                <dd><output aria-label=aria>{money(f)}</output></dd>
            </div>
        }
    };
    let years = move || {
        fees.with(|f| {
            f.as_ref().map(|(p, code)| {
                p.years
                    .iter()
                    .map(|y| {
                        view! {
                            <tr>
                                <th scope="row">{format!("Year {}", y.year)}</th>
                                <td>{format::money(y.transaction, code)}</td>
                                <td>{format::money(y.residual, code)}</td>
                                <td>{format::money(y.total, code)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let explain_id = id.clone();
    let labelledby = heading_id.clone();
    view! {
        <article class="partner-card" aria-labelledby=labelledby>
            <h3 id=heading_id>{name}</h3>
            <dl class="totals">
                {out("Transaction fees (F3)", |p| p.transaction_fees)}
                {out("Residual fees (F4)", |p| p.residual_fees)}
                {out("Total fees", |p| p.total)}
                {out("Year 1 (F5)", |p| p.year1_total)}
                {out("Evergreen monthly residual", |p| p.evergreen_monthly)}
            </dl>
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || format!("{} year by year", name())>
                <table class="compact">
                    <caption>{move || format!("{} year by year", name())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Year"</th>
                            <th scope="col">"Transaction"</th>
                            <th scope="col">"Residual"</th>
                            <th scope="col">"Total"</th>
                        </tr>
                    </thead>
                    <tbody>{years}</tbody>
                </table>
            </div>
            <Lazy summary=move || format!("How were {}'s fees computed?", name())>
                {
                    let id = explain_id.clone();
                    move || state.result.with(|r| r.as_ref().map(|r| fee_explanation(&r.fees, &id, r.currency.code())))
                }
            </Lazy>
        </article>
    }
}

/// Forfeited fees summarised: consecutive months of one transaction, fee type and reason
/// read as one line. Amounts are the engine's (per month); the total is the engine's.
#[component]
fn Forfeited() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = move || {
        state.result.with(|r| {
            let r = r.as_ref()?;
            let code = r.currency.code();
            if r.fees.forfeited.is_empty() {
                return Some(view! { <p>"No fee is forfeited: every month of every transaction has an eligible Partner of Record."</p> }.into_any());
            }
            let runs = forfeited_runs(&r.fees.forfeited);
            let items = runs
                .into_iter()
                .map(|(first, to)| {
                    let kind = match first.kind {
                        FeeKind::Transaction => "transaction fee",
                        FeeKind::Residual => "residual fee",
                    };
                    // The reason names the first month; the run says which months share it.
                    let reason = general_reason(&first.reason, first.month);
                    format!("{}, {kind}, {}: {} a month, not paid: {reason} ({}).", first.transaction, format::months(first.month, to), format::money(first.amount, code), first.rules.join(", "))
                })
                .collect::<Vec<_>>();
            Some(
                view! {
                    <p>
                        "Fees nobody earns over the horizon: "
                        <output aria-label="Forfeited fees over the horizon">{format::money(r.fees.forfeited_total, code)}</output>
                        "."
                    </p>
                    <ul class="forfeited">{capped_lazy(items, "line", "lines")}</ul>
                }
                .into_any(),
            )
        })
    };
    view! {
        <section class="forfeited-panel" aria-labelledby="forfeited-heading">
            <h3 id="forfeited-heading">"Forfeited fees"</h3>
            {summary}
        </section>
    }
}

/// Runs of consecutive months with the same transaction, type, partner, amount and reason.
fn forfeited_runs(list: &[ForfeitedFee]) -> Vec<(&ForfeitedFee, u32)> {
    runs(
        list.iter(),
        |f| (f.transaction.clone(), f.kind),
        |f| f.month,
        |a, b| {
            a.amount == b.amount
                && a.partner == b.partner
                && a.cause == b.cause
                && a.missing == b.missing
        },
    )
    .into_iter()
    .map(|r| (r.row, r.to))
    .collect()
}

/// The engine's reason without its month ("... in month 5"), so months can be grouped.
fn general_reason(reason: &str, month: u32) -> String {
    reason.replace(&format!(" in month {month}"), "")
}
