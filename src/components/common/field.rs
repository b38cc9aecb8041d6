//! A validated field, reused for every number the user types.
//!
//! It keeps the user's raw text in its own signal, checks it on every keystroke with the
//! engine's parsers in the user's locale ("1.200" is twelve hundred in de-DE) and commits
//! only a valid value to the quote. A problem is shown *at the field*, whether it is the
//! field's own or one the engine found in the quote (its JSON path names this field,
//! `ids::for_path`). While any field holds a bad value the results say they are out of
//! date.

use super::text::TextView;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Text};
use licalc_engine::input::{InputError, NumberLocale};
use licalc_engine::Rule;

/// The engine's problems for the field with this DOM id, as a signal the state's
/// dispatcher sets only when this field's message changes.
pub fn engine_problem(state: AppState, id: String) -> Signal<Option<Text>> {
    let first = state.engine_message_untracked(&id);
    state.messages.register(id, first).into()
}

/// The `aria-describedby` value of a field: its hint and, while there is one, its message.
pub fn described_by(
    hint_id: Option<String>,
    error_id: String,
    error: Signal<Option<Text>>,
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
pub fn FieldMessage(#[prop(into)] id: String, error: Signal<Option<Text>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|m| view! { <p class="field-error" id=id.clone()><TextView text=m /></p> })
    }
}

/// How a field reads and writes its value.
pub struct Kind<T> {
    pub parse: fn(&str, NumberLocale) -> Result<T, InputError>,
    pub show: fn(&T) -> String,
}

pub const COUNT: Kind<u32> = Kind {
    parse: |s, l| l.parse_count(s),
    show: |n| n.to_string(),
};

#[cfg(feature = "partner")]
/// An optional whole number: empty means "none" (no end month, no cancellation).
pub const OPTIONAL_COUNT: Kind<Option<u32>> = Kind {
    parse: |s, l| {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            l.parse_count(s).map(Some)
        }
    },
    show: |n| n.map(|n| n.to_string()).unwrap_or_default(),
};

/// A text input for one typed value of the quote. Engine problems whose JSON path names
/// this field's `id` (see `ids::for_path`) show here too.
#[component]
pub fn Field<T, C>(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<T>,
    kind: Kind<T>,
    on_commit: C,
    /// The rule a bad value breaks, cited in the message.
    #[prop(optional)]
    rule: Option<Rule>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// `numeric` for counts, `decimal` for amounts and rates.
    #[prop(default = "numeric")]
    inputmode: &'static str,
    #[prop(optional)] class: &'static str,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    C: Fn(T) + Send + Sync + 'static,
{
    typed_field(TypedField {
        id,
        label,
        value,
        kind,
        on_commit: Box::new(on_commit),
        rule,
        hint,
        disabled,
        inputmode,
        class,
    })
}

/// [`Field`]'s props with the commit closure boxed: its body is built once per value
/// type (four of them) instead of once per field, which was 20 copies in the wasm.
struct TypedField<T: Send + Sync + 'static> {
    id: String,
    label: Signal<String>,
    value: Signal<T>,
    kind: Kind<T>,
    on_commit: Box<dyn Fn(T) + Send + Sync>,
    rule: Option<Rule>,
    hint: Option<Signal<String>>,
    disabled: Signal<bool>,
    inputmode: &'static str,
    class: &'static str,
}

#[inline(never)]
fn typed_field<T>(f: TypedField<T>) -> AnyView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let TypedField {
        id,
        label,
        value,
        kind,
        on_commit,
        rule,
        hint,
        disabled,
        inputmode,
        class,
    } = f;
    let state = expect_context::<AppState>();
    let Kind { parse, show } = kind;
    // A memo, so the sync below runs only when the quote's value really changes.
    let value = Memo::new(move |_| value.get());
    let typed = Typed {
        state,
        raw: RwSignal::new(value.with_untracked(show)),
        local: RwSignal::new(None),
        value,
        parse,
        show,
    };
    let engine = engine_problem(state, id.clone());
    let error = Signal::derive(move || typed.local.get().or_else(|| engine.get()));
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let describedby = described_by(hint_id, format!("{id}-error"), error);
    typed.follow_quote(id.clone());
    on_cleanup({
        let id = id.clone();
        move || {
            state.field_errors.try_update(|m| m.remove(&id));
        }
    });
    let understood = Signal::derive(move || typed.understood());
    let on_input: Box<dyn Fn(String)> = {
        let id = id.clone();
        Box::new(move |text| typed.input(&id, text, label, rule, &*on_commit))
    };
    field_view(FieldView {
        id,
        label,
        raw: typed.raw.into(),
        error,
        describedby,
        hint,
        understood,
        disabled,
        inputmode,
        class,
        on_input,
    })
}

/// What [`Field`] shows, with the value's type erased: the markup is built once for every
/// field rather than once per value type and commit closure (it was the app's largest
/// component in the wasm).
struct FieldView {
    id: String,
    label: Signal<String>,
    raw: Signal<String>,
    error: Signal<Option<Text>>,
    describedby: Signal<Option<String>>,
    hint: Option<Signal<String>>,
    understood: Signal<Option<String>>,
    disabled: Signal<bool>,
    inputmode: &'static str,
    class: &'static str,
    on_input: Box<dyn Fn(String)>,
}

fn field_view(f: FieldView) -> AnyView {
    let FieldView {
        id,
        label,
        raw,
        error,
        describedby,
        hint,
        understood,
        disabled,
        inputmode,
        class,
        on_input,
    } = f;
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let understood = move || {
        understood
            .get()
            .map(|t| view! { <span class="understood">{t}</span> })
    };
    view! {
        <div class=format!("field {class}") class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{move || label.get()}</label>
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
                on:input=move |ev| on_input(event_target_value(&ev))
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get()} " " {understood}</p> })}
            <FieldMessage id=error_id error />
        </div>
    }
    .into_any()
}

/// A field's typed text and its own problem, beside the quote's value and how to read
/// and show it: what keeps the text and the quote in step.
struct Typed<T: Send + Sync + 'static> {
    state: AppState,
    raw: RwSignal<String>,
    local: RwSignal<Option<Text>>,
    value: Memo<T>,
    parse: fn(&str, NumberLocale) -> Result<T, InputError>,
    show: fn(&T) -> String,
}

impl<T: Send + Sync + 'static> Clone for Typed<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Typed<T> {}

impl<T> Typed<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    /// Clears the field `id`'s entry among the fields in error.
    fn forget(self, id: &str) {
        self.state.field_errors.update(|m| {
            m.remove(id);
        })
    }

    /// When the quote changes from elsewhere (open, reset, a removed row), show its value
    /// unless the typed text already means it; replacing the quote also resets a field in error.
    fn follow_quote(self, id: String) {
        let Typed {
            state,
            raw,
            local,
            value,
            parse,
            show,
        } = self;
        Effect::new(move |prev: Option<(u64, T)>| {
            let v = value.get();
            let epoch = state.epoch.get();
            if let Some((prev_epoch, prev_value)) = prev {
                let typed = parse(&raw.get_untracked(), state.number_locale()).ok();
                if prev_epoch != epoch || (prev_value != v && typed.as_ref() != Some(&v)) {
                    raw.set(show(&v));
                    local.set(None);
                    self.forget(&id);
                }
            }
            (epoch, v)
        });
    }

    /// Takes the text typed in the field `id`: a valid value is committed, a bad one is
    /// said at the field and listed among the fields in error.
    fn input(
        self,
        id: &str,
        text: String,
        label: Signal<String>,
        rule: Option<Rule>,
        on_commit: &dyn Fn(T),
    ) {
        let state = self.state;
        self.raw.set(text.clone());
        match (self.parse)(&text, state.number_locale()) {
            Ok(v) => {
                self.local.set(None);
                if state.field_errors.with_untracked(|m| m.contains_key(id)) {
                    self.forget(id);
                }
                if v != self.value.get_untracked() {
                    on_commit(v);
                }
            }
            Err(e) => {
                let label = label.get_untracked();
                let message = describe::field_message(&label, describe::input_error(&e), rule);
                self.local.set(Some(message.clone()));
                state
                    .field_errors
                    .update(|errs| errs.insert(id.to_string(), message));
            }
        }
    }

    /// "Say what was understood": typed with separators, the plain number it was read as.
    fn understood(self) -> Option<String> {
        let text = self.raw.get();
        if !text.contains(|c: char| !c.is_ascii_digit() && !c.is_whitespace())
            || self.local.with(Option::is_some)
        {
            return None;
        }
        let plain = (self.show)(&(self.parse)(&text, self.state.number_locale()).ok()?);
        (plain != text.trim() && !plain.is_empty()).then(|| format!("Read as {plain}."))
    }
}

#[cfg(feature = "partner")]
/// A select for one choice of the quote, with the engine's message for its path.
#[component]
pub fn Choice(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    /// `(value, text)` pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: Signal<String>,
    on_change: impl Fn(String) + Send + Sync + 'static,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    choice_view(id, label, options, selected, Box::new(on_change), hint)
}

#[cfg(feature = "partner")]
/// [`Choice`]'s markup, built once rather than once per change closure.
fn choice_view(
    id: String,
    label: Signal<String>,
    options: Signal<Vec<(String, String)>>,
    selected: Signal<String>,
    on_change: Box<dyn Fn(String) + Send + Sync>,
    hint: Option<Signal<String>>,
) -> AnyView {
    let state = expect_context::<AppState>();
    let error = engine_problem(state, id.clone());
    let error_id = format!("{id}-error");
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let describedby = described_by(hint_id.clone(), error_id.clone(), error);
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{move || label.get()}</label>
            <select
                id=id.clone()
                aria-describedby=move || describedby.get()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                on:change=move |ev| on_change(event_target_value(&ev))
            >
                {move || {
                    let current = selected.get();
                    let mut list = options.get();
                    if !list.iter().any(|(v, _)| *v == current) {
                        list.push((current.clone(), format!("Unknown \"{current}\"")));
                    }
                    list.into_iter()
                        .map(|(v, text)| {
                            let on = v == current;
                            view! { <option value=v selected=on>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{move || h.get()}</p> })}
            <FieldMessage id=error_id error />
        </div>
    }
    .into_any()
}
