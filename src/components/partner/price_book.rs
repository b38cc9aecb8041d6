//! The price book (C1, F9): every figure of the effective book with its provenance, an
//! "unverified" mark, a field to override it for this quote, reset to the book's value,
//! and loading a whole book of one's own as JSON.

use crate::components::common::field::{Field, Kind};
use crate::components::common::text::RuleButton;
use crate::state::AppState;
use crate::{edit, ids};
use leptos::prelude::*;
use licalc_engine::book::parse_figure_value;
use licalc_engine::describe;
use licalc_engine::{FigureKey, FigureKind, PriceBook, Rule};

const PRICE: Kind<String> = Kind {
    parse: |s, l| parse_figure_value(s, FigureKind::Price, l).map(|d| d.to_string()),
    show: String::clone,
};
const RATE: Kind<String> = Kind {
    parse: |s, l| parse_figure_value(s, FigureKind::Rate, l).map(|d| d.to_string()),
    show: String::clone,
};
const WHOLE: Kind<String> = Kind {
    parse: |s, l| l.parse_count(s).map(|n| n.to_string()),
    show: String::clone,
};

#[component]
pub fn PriceBookPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = state.book();
    let keys = book.figure_keys();
    let overridden = Memo::new(move |_| state.quote.with(|q| q.overrides.len()));
    let unverified = keys
        .iter()
        .filter(|k| book.figure(k).is_some_and(|f| !f.provenance().verified))
        .count();
    let heading = format!(
        "{} (version {}, effective {}, {})",
        book.name,
        book.version,
        book.effective_date,
        book.currency.code()
    );
    view! {
        <section class="panel price-book" aria-labelledby="price-book-heading">
            <h2 id="price-book-heading">"Price book"</h2>
            <p>{heading}</p>
            <p class="hint">
                {format!("Every figure carries its source. {unverified} figures are not verified against a public source and are marked “unverified”: do not quote them as fact (")}
                <RuleButton rule=Rule::C1 />
                "). Type a value to override a figure for this quote only; rates are fractions (0.12 is 12%)."
            </p>
            <p>
                <button type="button" disabled=move || overridden.get() == 0 on:click=move |_| state.edit(|q| q.overrides.clear())>"Reset all figures to the book"</button>
                " "
                <span class="hint">{move || match overridden.get() { 0 => "No figure is overridden.".to_string(), 1 => "1 figure overridden.".to_string(), n => format!("{n} figures overridden.") }}</span>
            </p>
            <ul class="figures" aria-label="Price book figures">
                {keys.into_iter().map(|k| view! { <FigureRow key=k /> }).collect_view()}
            </ul>
            <LoadPriceBook />
        </section>
    }
}

#[component]
fn FigureRow(key: FigureKey) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = key.to_string();
    let book = state.book();
    let Some(first) = book.figure(&key) else {
        return ().into_any();
    };
    let book_value = first.value();
    let provenance = first.provenance();
    let (source, verified) = (provenance.source.to_string(), provenance.verified);
    let kind = match first.kind() {
        FigureKind::Price => PRICE,
        FigureKind::Rate => RATE,
        FigureKind::Count => WHOLE,
    };
    let label = describe::figure_label(&book, &key);
    let info = {
        let key = key.clone();
        // Follows `figures`, not the book behind it, which every edit marks.
        Memo::new(move |_| {
            state.figures.track();
            state.effective.with_untracked(|b| {
                b.figure(&key)
                    .map(|f| (f.value(), f.provenance().overridden))
            })
        })
    };
    let overridden = Memo::new(move |_| info.with(|i| i.as_ref().is_some_and(|i| i.1)));
    let (commit, reset) = (text.clone(), text.clone());
    let reset_label = format!(" {label}");
    view! {
        <li class="figure-row" class:overridden=move || overridden.get()>
            <Field
                id=ids::figure(&text)
                label=label
                value=Signal::derive(move || info.with(|i| i.as_ref().map(|i| i.0.clone()).unwrap_or_default()))
                kind
                on_commit=move |v: String| state.edit(|q| edit::set_override(q, &commit, &v))
                rule=Rule::C1
                inputmode=if first.kind() == FigureKind::Count { "numeric" } else { "decimal" }
                hint=format!("Source: {source}")
            />
            <p class="marks">
                {(!verified).then(|| view! { <span class="badge unverified">"unverified"</span> })}
                {move || overridden.get().then(|| view! { <span class="badge overridden">{format!("overridden (book: {book_value})")}</span> })}
                {move || {
                    overridden.get().then(|| {
                        let reset = reset.clone();
                        view! { <button type="button" class="small" on:click=move |_| state.edit(|q| edit::reset_override(q, &reset))>"Reset" <span class="visually-hidden">{reset_label.clone()}</span></button> }
                    })
                }}
            </p>
        </li>
    }
    .into_any()
}

/// Every problem of a refused JSON text with its path: "$.services[0].list_price.value: …".
pub fn problem_list(problems: &[licalc_engine::Problem]) -> String {
    problems
        .iter()
        .map(describe::problem_line)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Loading a whole price book (C1): the user's own prices instead of the shipped ones,
/// validated completely first, every problem listed with its JSON path.
#[component]
fn LoadPriceBook() -> impl IntoView {
    const ID: &str = "licalc-book-json";
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let done: RwSignal<Option<String>> = RwSignal::new(None);
    // Loading a book rebuilds every panel, this one too: the app's notice says what happened.
    let notice = move |text: String| {
        state.notice.set(Some(crate::state::Notice {
            text: licalc_engine::describe::Text::new().w(text),
            problem: false,
        }))
    };
    let load = move |_| match PriceBook::from_json(&text.get_untracked()) {
        Ok(book) => {
            error.set(None);
            notice(format!(
                "Now pricing with {} (version {}, {}).",
                book.name, book.version, book.currency
            ));
            state.load_book(book);
        }
        Err(problems) => {
            done.set(None);
            error.set(Some(format!("Not loaded: {}.", problem_list(&problems))));
        }
    };
    let show = move |_| {
        text.set(state.book.with_untracked(|b| b.to_json()));
        error.set(None);
        done.set(Some(
            "The box holds the price book in use as JSON: edit it and load it back.".into(),
        ));
    };
    let reset = move |_| {
        notice("Back to the shipped price book.".into());
        state.load_book(PriceBook::default_book());
    };
    view! {
        <div class="field wide" class:invalid=move || error.with(Option::is_some)>
            <label for=ID>"Price book JSON"</label>
            <textarea id=ID rows="6" spellcheck="false" prop:value=move || text.get()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=format!("{ID}-hint {ID}-error") on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <p class="hint" id=format!("{ID}-hint")>"Paste a whole price book (format 1, see docs/formats.md) to price with your own figures."</p>
            {move || error.get().map(|e| view! { <p class="field-error" id=format!("{ID}-error")>{e}</p> })}
        </div>
        <div class="actions">
            <button type="button" on:click=load>"Load price book"</button>
            <button type="button" on:click=show>"Show price book"</button>
            <button type="button" on:click=reset>"Use the shipped price book"</button>
        </div>
        <p role="status" class="hint">{move || done.get()}</p>
    }
}
