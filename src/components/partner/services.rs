//! The partners' own services (S1): customisation, migration and integration, managed
//! services and other lines, each at the partner's own price in one of four forms.

use crate::components::common::each::by_id;
use crate::components::common::field::{Choice, Field, Kind, COUNT, OPTIONAL_COUNT};
use crate::components::common::text::RuleButton;
use crate::state::AppState;
use crate::{edit, ids};
use leptos::prelude::*;
use licalc_engine::describe;
use licalc_engine::input::InputError;
use licalc_engine::quote::{ServiceCategory, ServiceLine, ServicePrice, Units};
use licalc_engine::Rule;
use rust_decimal::Decimal;

/// An amount of money as typed: a decimal that is not negative.
pub const AMOUNT: Kind<Decimal> = Kind {
    parse: |s, l| {
        let v = l.parse_decimal(s)?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(InputError::Negative);
        }
        Ok(v)
    },
    show: |d| d.to_string(),
};

const FORMS: [(&str, &str); 4] = [
    ("fixed", "Fixed amount, once"),
    ("per_unit", "Per unit, once"),
    ("monthly", "Fixed amount each month"),
    ("monthly_per_unit", "Per unit each month"),
];

fn form_of(p: &ServicePrice) -> &'static str {
    match p {
        ServicePrice::Fixed { .. } => "fixed",
        ServicePrice::PerUnit { .. } => "per_unit",
        ServicePrice::Monthly { .. } => "monthly",
        ServicePrice::MonthlyPerUnit { .. } => "monthly_per_unit",
    }
}

/// The same line in another price form, keeping its first month and its amount.
fn convert(p: &ServicePrice, form: &str, horizon: u32) -> ServicePrice {
    let (from, _, _) = p.months(horizon);
    let (price, units) = p.price_and_units();
    let units = units.cloned().unwrap_or(Units::Count(1));
    match form {
        "per_unit" => ServicePrice::PerUnit {
            month: from,
            unit_price: price,
            units,
        },
        "monthly" => ServicePrice::Monthly {
            from_month: from,
            to_month: None,
            amount: price,
        },
        "monthly_per_unit" => ServicePrice::MonthlyPerUnit {
            from_month: from,
            to_month: None,
            unit_price: price,
            units,
        },
        _ => ServicePrice::Fixed {
            month: from,
            amount: price,
        },
    }
}

fn category_id(c: ServiceCategory) -> &'static str {
    match c {
        ServiceCategory::Customisation => "customisation",
        ServiceCategory::MigrationIntegration => "migration_integration",
        ServiceCategory::ManagedServices => "managed_services",
        ServiceCategory::Other => "other",
    }
}

#[component]
pub fn ServicesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ids = Memo::new(move |_| {
        state
            .quote
            .with(|q| q.services.iter().map(|s| s.id.clone()).collect::<Vec<_>>())
    });
    view! {
        <section class="panel services" aria-labelledby="services-heading">
            <h2 id="services-heading">"Partner services"</h2>
            <p class="hint">
                "The partner's own work at its own prices: customisation, migration and integration, managed services (" <RuleButton rule=Rule::S1 /> "). "
                "Each month's row is round(price × units) (" <RuleButton rule=Rule::S2 /> "); it is the same on every plan and adds to the partner's earnings (" <RuleButton rule=Rule::S3 /> ")."
            </p>
            <ol class="rows" aria-label="Service lines">
                {by_id(move || ids.get(), move |id| view! { <LineRow id /> }.into_any())}
            </ol>
            <div class="actions">
                {ServiceCategory::ALL.into_iter().map(|c| view! {
                    <button type="button" on:click=move |_| state.edit(|q| edit::add_service_line(q, c))>{format!("Add {}", describe::category(c).to_ascii_lowercase())}</button>
                }).collect_view()}
            </div>
        </section>
    }
}

fn edit_line(state: AppState, id: &str, f: impl FnOnce(&mut ServiceLine, u32)) {
    state.edit(|q| {
        let h = q.horizon_months;
        if let Some(l) = q.services.iter_mut().find(|l| l.id == id) {
            f(l, h);
        }
    })
}

/// An edit of the line `id` taking the chosen value, for a `Choice`.
fn setter(
    state: AppState,
    id: &str,
    f: fn(&mut ServiceLine, u32, String),
) -> impl Fn(String) + Send + Sync + 'static {
    let id = id.to_string();
    move |v: String| edit_line(state, &id, |l, h| f(l, h, v))
}

#[component]
fn LineRow(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = {
        let id = id.clone();
        Memo::new(move |_| {
            state
                .quote
                .with(|q| q.services.iter().find(|l| l.id == id).cloned())
        })
    };
    let title = move || {
        line.with(|l| {
            l.as_ref()
                .map(|l| {
                    format!(
                        "{} {}: {}",
                        describe::category(l.category),
                        l.id,
                        l.description
                    )
                })
                .unwrap_or_default()
        })
    };
    view! {
        <li class="row">
            <fieldset>
                <legend>{title}</legend>
                <div class="grid">
                    <LineAbout id=id.clone() line />
                    <LinePrice id=id.clone() line />
                </div>
                <div class="actions">
                    <button type="button" class="danger" on:click={ let id = id.clone(); move |_| state.edit(|q| edit::remove_service_line(q, &id)) }>"Remove" <span class="visually-hidden">{format!(" service line {id}")}</span></button>
                </div>
            </fieldset>
        </li>
    }
}

/// Who provides the line and what it is: partner, category and description.
#[component]
fn LineAbout(id: String, line: Memo<Option<ServiceLine>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let partners = Memo::new(move |_| {
        state.quote.with(|q| {
            q.partners
                .iter()
                .map(|p| (p.id.clone(), p.display_name().to_string()))
                .collect::<Vec<_>>()
        })
    });
    let categories: Vec<(String, String)> = ServiceCategory::ALL
        .iter()
        .map(|c| {
            (
                category_id(*c).to_string(),
                describe::category(*c).to_string(),
            )
        })
        .collect();
    let i1 = id.clone();
    view! {
        <Choice id=ids::service_line(&id, "partner") label="Partner" options=partners selected=Signal::derive(move || line.with(|l| l.as_ref().map(|l| l.partner.clone()).unwrap_or_default())) on_change=setter(state, &id, |l, _, v| l.partner = v) />
        <Choice id=ids::service_line(&id, "category") label="Category"
            options=categories
            selected=Signal::derive(move || line.with(|l| l.as_ref().map_or("other", |l| category_id(l.category)).to_string()))
            on_change=setter(state, &id, |l, _, v| { if let Some(c) = ServiceCategory::ALL.into_iter().find(|c| category_id(*c) == v) { l.category = c } }) />
        <div class="field wide">
            <label for=ids::service_line(&id, "description")>"Description"</label>
            <input id=ids::service_line(&id, "description") type="text" maxlength="2000" prop:value=move || line.with(|l| l.as_ref().map(|l| l.description.clone()).unwrap_or_default())
                on:input=move |ev| { let v = event_target_value(&ev); edit_line(state, &i1, |l, _| l.description = v); } />
        </div>
    }
}

/// The line's price: its form, then the months and the amount the form asks for.
#[component]
fn LinePrice(id: String, line: Memo<Option<ServiceLine>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let form = Memo::new(move |_| line.with(|l| l.as_ref().map_or("fixed", |l| form_of(&l.price))));
    let forms: Vec<(String, String)> = FORMS
        .iter()
        .map(|(v, t)| (v.to_string(), t.to_string()))
        .collect();
    view! {
        <Choice id=ids::service_line(&id, "kind") label="Price" options=forms selected=Signal::derive(move || form.get().to_string())
            on_change=setter(state, &id, |l, h, v| l.price = convert(&l.price, &v, h)) />
        <LineMonths id=id.clone() line form />
        <LineAmount id line form />
    }
}

/// The month a one-off line falls in, or the months a recurring line runs.
#[component]
fn LineMonths(
    id: String,
    line: Memo<Option<ServiceLine>>,
    form: Memo<&'static str>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let span = Signal::derive(move || {
        line.with(|l| {
            l.as_ref().map_or((1, 1, false), |l| {
                l.price
                    .months(state.quote.with_untracked(|q| q.horizon_months))
            })
        })
    });
    let to = Signal::derive(move || {
        line.with(|l| match l.as_ref().map(|l| &l.price) {
            Some(
                ServicePrice::Monthly { to_month, .. }
                | ServicePrice::MonthlyPerUnit { to_month, .. },
            ) => *to_month,
            _ => None,
        })
    });
    let recurring = move || matches!(form.get(), "monthly" | "monthly_per_unit");
    let (i2, i3) = (id.clone(), id.clone());
    view! {
        <Field id=ids::service_line(&id, if recurring() { "from_month" } else { "month" }) label=Signal::derive(move || if recurring() { "From month".to_string() } else { "In month".to_string() })
            value=Signal::derive(move || span.get().0) kind=COUNT rule=Rule::S1
            on_commit=move |v| edit_line(state, &i2, |l, _| match &mut l.price {
                ServicePrice::Fixed { month, .. } | ServicePrice::PerUnit { month, .. } => *month = v,
                ServicePrice::Monthly { from_month, .. } | ServicePrice::MonthlyPerUnit { from_month, .. } => *from_month = v,
            }) />
        {move || recurring().then(|| {
            let id = i3.clone();
            view! {
                <Field id=ids::service_line(&id, "to_month") label="Until month (optional)" value=to kind=OPTIONAL_COUNT rule=Rule::S1 hint="Empty: to the end."
                    on_commit=move |v| edit_line(state, &id, |l, _| { if let ServicePrice::Monthly { to_month, .. } | ServicePrice::MonthlyPerUnit { to_month, .. } = &mut l.price { *to_month = v } }) />
            }
        })}
    }
}

/// The amount, or the price per unit and the units it is multiplied by.
#[component]
fn LineAmount(
    id: String,
    line: Memo<Option<ServiceLine>>,
    form: Memo<&'static str>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let price = Signal::derive(move || {
        line.with(|l| {
            l.as_ref()
                .map_or(Decimal::ZERO, |l| l.price.price_and_units().0)
        })
    });
    let per_unit = move || matches!(form.get(), "per_unit" | "monthly_per_unit");
    let (i4, i5) = (id.clone(), id.clone());
    view! {
        <Field id=ids::service_line(&id, if per_unit() { "unit_price" } else { "amount" }) label=Signal::derive(move || if per_unit() { "Price per unit".to_string() } else { "Amount".to_string() })
            value=price kind=AMOUNT rule=Rule::S1 inputmode="decimal"
            on_commit=move |v| edit_line(state, &i4, |l, _| match &mut l.price {
                ServicePrice::Fixed { amount, .. } | ServicePrice::Monthly { amount, .. } => *amount = v,
                ServicePrice::PerUnit { unit_price, .. } | ServicePrice::MonthlyPerUnit { unit_price, .. } => *unit_price = v,
            }) />
        {move || per_unit().then(|| view! { <LineUnits id=i5.clone() line /> })}
    }
}

/// What a per-unit price is multiplied by: a fixed number, or a transaction's quantity.
#[component]
fn LineUnits(id: String, line: Memo<Option<ServiceLine>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let transactions = Memo::new(move |_| {
        let mut list = vec![(String::new(), "A fixed number".to_string())];
        state.quote.with(|q| {
            list.extend(
                q.transactions
                    .iter()
                    .map(|t| (t.id.clone(), format!("Follow transaction {}", t.id))),
            )
        });
        list
    });
    let units = Signal::derive(move || {
        line.with(|l| {
            l.as_ref()
                .and_then(|l| l.price.price_and_units().1.cloned())
        })
    });
    let count_id = id.clone();
    view! {
        <Choice id=ids::service_line(&id, "units") label="Units" options=transactions
            selected=Signal::derive(move || match units.get() { Some(Units::Follow { transaction }) => transaction, _ => String::new() })
            on_change=move |v: String| edit_line(state, &id, |l, _| set_units(&mut l.price, if v.is_empty() { Units::Count(1) } else { Units::Follow { transaction: v } })) />
        {move || matches!(units.get(), Some(Units::Count(_))).then(|| {
            let id = count_id.clone();
            view! {
                <Field id=ids::service_line(&id, "count") label="Number of units" value=Signal::derive(move || match units.get() { Some(Units::Count(n)) => n, _ => 0 }) kind=COUNT rule=Rule::S1
                    on_commit=move |v| edit_line(state, &id, |l, _| set_units(&mut l.price, Units::Count(v))) />
            }
        })}
    }
}

fn set_units(p: &mut ServicePrice, new: Units) {
    if let ServicePrice::PerUnit { units, .. } | ServicePrice::MonthlyPerUnit { units, .. } = p {
        *units = new;
    }
}
