//! A validated field, reused for every number the user types.
//!
//! It keeps the user's raw text in its own signal, checks it on every keystroke with the
//! engine's parsers (`licalc_engine::input`, so app and engine word a bad value the same
//! way) and commits only a valid value to the quote. A problem is shown *at the field*,
//! whether it is the field's own (letters, a fraction, too large) or one the engine found
//! in the quote (its JSON `path` names this field, see `ids::for_path`). While any field holds a bad value the
//! registry in [`AppState::field_errors`] is non-empty and the results say they are out
//! of date.

use crate::app::AppState;
use leptos::prelude::*;
use std::sync::Arc;

/// A field whose text does not parse: listed in the error summary with a link to it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub label: String,
    pub message: String,
}

/// One way of wording every message: a sentence that names its rule, if any.
pub fn sentence(label: &str, message: &str, rule: Option<&str>) -> String {
    let m = message.trim().trim_end_matches('.');
    let body = if label.is_empty() {
        capitalise(m)
    } else if m.starts_with("must ") || m.starts_with("is ") {
        format!("{label} {m}")
    } else {
        format!("{label}: {m}")
    };
    match rule {
        Some(r) => format!("{body} (rule {r})."),
        None => format!("{body}."),
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The engine's problems for the field with this DOM id, worded as sentences.
///
/// Each field owns a signal that [`AppState`]'s dispatcher sets when the problems at
/// its path change (`ids::for_path` maps a problem's JSON path to the field's id), so
/// a recomputation wakes only the fields whose message changed, not all thousand of them.
pub fn engine_problem(state: AppState, id: String) -> Signal<Option<String>> {
    let slot = RwSignal::new(state.engine_message_untracked(&id));
    state.messages.update_value(|m| {
        m.insert(id.clone(), slot);
    });
    on_cleanup(move || {
        state.messages.try_update_value(|m| {
            // Only if still ours: a row re-created under the same id may have replaced it.
            if m.get(&id) == Some(&slot) {
                m.remove(&id);
            }
        });
    });
    slot.into()
}

/// The message under a field, and the `aria-describedby` value pointing at it (plus
/// the hint, if any). Used by [`Field`] and by the app's selects.
pub fn described_by(
    hint_id: Option<String>,
    error_id: String,
    error: Signal<Option<String>>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        let mut ids: Vec<String> = hint_id.iter().cloned().collect();
        if error.with(Option::is_some) {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    })
}

/// The message element itself (rendered only while there is a problem).
#[component]
pub fn FieldMessage(#[prop(into)] id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|m| {
            view! { <p class="field-error" id=id.clone()>{m}</p> }
        })
    }
}

/// A text input for one typed value of the quote. `parse` turns text into a value (or a
/// message), `show` turns the quote's value back into text, `on_commit` writes a valid
/// value into the quote. Engine problems whose JSON path names this field's `id`
/// (see `ids::for_path`) show here too.
#[component]
pub fn Field<T, C>(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    #[prop(into)] value: Signal<T>,
    parse: fn(&str) -> Result<T, String>,
    show: fn(&T) -> String,
    on_commit: C,
    /// The rule a bad value breaks, cited in the message.
    #[prop(optional)]
    rule: Option<&'static str>,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// `numeric` for counts, `decimal` for amounts and rates, `text` otherwise.
    #[prop(default = "numeric")]
    inputmode: &'static str,
    #[prop(optional)] class: &'static str,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    C: Fn(T) + Send + Sync + 'static,
{
    let state = expect_context::<AppState>();
    // A memo, so the sync below runs only when the quote's value really changes.
    let value = Memo::new(move |_| value.get());
    let raw = RwSignal::new(value.with_untracked(show));
    let local: RwSignal<Option<String>> = RwSignal::new(None);
    let engine = engine_problem(state, id.clone());
    let error = Signal::derive(move || local.get().or_else(|| engine.get()));
    let error_id = format!("{id}-error");
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let describedby = described_by(hint_id.clone(), error_id.clone(), error);
    let on_commit = Arc::new(on_commit);

    // When the quote changes from elsewhere (import, reset, a removed row), show its value
    // unless the typed text already means it; an import also resets a field in error.
    {
        let id = id.clone();
        Effect::new(move |prev: Option<(u64, T)>| {
            let v = value.get();
            let epoch = state.epoch.get();
            if let Some((prev_epoch, prev_value)) = prev {
                let forced = prev_epoch != epoch;
                if forced
                    || (prev_value != v && parse(&raw.get_untracked()).ok().as_ref() != Some(&v))
                {
                    raw.set(show(&v));
                    local.set(None);
                    state.field_errors.update(|m| {
                        m.remove(&id);
                    });
                }
            }
            (epoch, v)
        });
    }
    {
        let id = id.clone();
        on_cleanup(move || {
            state.field_errors.try_update(|m| m.remove(&id));
        });
    }

    let on_input = {
        let id = id.clone();
        let label = label.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            raw.set(text.clone());
            match parse(&text) {
                Ok(v) => {
                    local.set(None);
                    if state.field_errors.with_untracked(|m| m.contains_key(&id)) {
                        state.field_errors.update(|m| {
                            m.remove(&id);
                        });
                    }
                    if v != value.get_untracked() {
                        on_commit(v);
                    }
                }
                Err(m) => {
                    let label = label.get().to_string();
                    let message = sentence(&label, &m, rule);
                    local.set(Some(message.clone()));
                    state.field_errors.update(|errs| {
                        errs.insert(id.clone(), FieldError { label, message });
                    });
                }
            }
        }
    };

    view! {
        <div class=format!("field {class}") class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{move || label.get().to_string()}</label>
            <input
                id=id.clone()
                type="text"
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                prop:value=move || raw.get()
                disabled=move || disabled.get()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=move || describedby.get()
                on:input=on_input
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{move || h.get().to_string()}</p> })}
            <FieldMessage id=error_id error />
        </div>
    }
}

/// Whole numbers (quantities, months): `parse_count`, same messages as the engine.
pub fn parse_count(s: &str) -> Result<u32, String> {
    licalc_engine::input::parse_count(s)
}

/// An optional whole number: empty means "none" (no end month, no cancellation).
pub fn parse_optional_count(s: &str) -> Result<Option<u32>, String> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        licalc_engine::input::parse_count(s).map(Some)
    }
}

pub fn show_count(n: &u32) -> String {
    n.to_string()
}

pub fn show_optional_count(n: &Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}
