//! The engine's sentences on screen: words as text, amounts and months in the user's
//! locale, and each rule id (or glossary term) as a button that shows its text in one
//! shared dialog, so "(F3)" can be read in place, offline, with a keyboard.

use crate::state::AppState;
use leptos::html::Dialog;
use leptos::prelude::*;
use licalc_engine::describe::{glossary, Fmt, Piece, Term, Text};
use licalc_engine::Rule;

/// What the dialog shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Rule(Rule),
    Term(Term),
}

/// The one dialog of an app, provided as context.
#[derive(Clone, Copy)]
pub struct Explainer {
    topic: RwSignal<Option<Topic>>,
    dialog: NodeRef<Dialog>,
}

impl Explainer {
    fn open(self, topic: Topic) {
        self.topic.set(Some(topic));
        if let Some(d) = self.dialog.get_untracked() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    }
}

/// The dialog, once per app. Escape and the Close button close it; focus returns to the
/// button that opened it (the browser does that for a modal dialog).
#[component]
pub fn ExplainerDialog() -> impl IntoView {
    let ex = Explainer {
        topic: RwSignal::new(None),
        dialog: NodeRef::new(),
    };
    provide_context(ex);
    let title = move || match ex.topic.get() {
        Some(Topic::Rule(r)) => format!("Rule {}: {}", r.id(), r.title()),
        Some(Topic::Term(t)) => glossary(t).0.to_string(),
        None => String::new(),
    };
    let body = move || match ex.topic.get() {
        Some(Topic::Rule(r)) => r.text(),
        Some(Topic::Term(t)) => glossary(t).1,
        None => "",
    };
    view! {
        <dialog class="explainer" node_ref=ex.dialog aria-labelledby="explainer-title" aria-describedby="explainer-body">
            <h2 id="explainer-title">{title}</h2>
            <p id="explainer-body">{body}</p>
            <form method="dialog">
                <button type="submit" autofocus>"Close"</button>
            </form>
        </dialog>
    }
}

/// A rule id that shows its rule: "F3".
#[component]
pub fn RuleButton(rule: Rule) -> impl IntoView {
    let ex = expect_context::<Explainer>();
    let label = format!("Rule {}, {}", rule.id(), rule.title());
    view! {
        <button type="button" class="rule-id" aria-haspopup="dialog" aria-label=label on:click=move |_| ex.open(Topic::Rule(rule))>
            {rule.id()}
        </button>
    }
}

/// A term that shows its meaning: "Step-Up".
#[component]
pub fn TermButton(term: Term, #[prop(optional)] text: Option<&'static str>) -> impl IntoView {
    let ex = expect_context::<Explainer>();
    let name = text.unwrap_or(glossary(term).0);
    view! {
        <button type="button" class="term" aria-haspopup="dialog" aria-label=format!("{name}: what it means") on:click=move |_| ex.open(Topic::Term(term))>
            {name}
        </button>
    }
}

/// An engine sentence that follows the result, made again only when its words or figures
/// change, or the quote's calendar start its months are written with: most edits leave
/// a card's status or verdict as it was, and its rule buttons are then kept rather than
/// rebuilt. (A new locale or price book rebuilds the whole body anyway.)
#[cfg(feature = "partner")]
pub fn live_text(text: impl Fn() -> Option<Text> + Send + Sync + 'static) -> impl IntoView {
    live_text_view(Box::new(text))
}

/// [`live_text`] with its closure boxed: one memo type for every caller.
#[cfg(feature = "partner")]
fn live_text_view(text: Box<dyn Fn() -> Option<Text> + Send + Sync>) -> AnyView {
    let state = expect_context::<AppState>();
    let text = Memo::new(move |_| (text(), state.calendar.get()));
    (move || text.get().0.map(|t| view! { <TextView text=t /> })).into_any()
}

/// One engine sentence: consecutive words and numbers as one text, rule ids as buttons.
#[component]
pub fn TextView(
    text: Text,
    /// How to write its amounts and months, when not as the quote's (a portfolio's).
    #[prop(optional)]
    fmt: Option<crate::format::IntlFmt>,
) -> impl IntoView {
    let fmt = fmt.unwrap_or_else(|| expect_context::<AppState>().fmt());
    let mut out: Vec<AnyView> = Vec::new();
    let mut run = String::new();
    for piece in text.pieces() {
        match piece {
            Piece::Rule(r) => {
                if !run.is_empty() {
                    out.push(std::mem::take(&mut run).into_any());
                }
                out.push(view! { <RuleButton rule=*r /> }.into_any());
            }
            Piece::Words(w) => run.push_str(w),
            Piece::Money(d) => run.push_str(&fmt.money(*d)),
            Piece::Price(d) => run.push_str(&fmt.price(*d)),
            Piece::Count(n) => run.push_str(&fmt.count(*n)),
            Piece::Percent(d) => run.push_str(&fmt.percent(*d)),
            Piece::Month(m) => run.push_str(&fmt.month(*m)),
            Piece::Months(a, b) => run.push_str(&fmt.months(*a, *b)),
        }
    }
    if !run.is_empty() {
        out.push(run.into_any());
    }
    out
}

#[cfg(feature = "partner")]
/// An engine sentence as plain text in the user's locale (for labels and attributes).
pub fn plain(state: &AppState, text: &Text) -> String {
    text.render(&state.fmt())
}
