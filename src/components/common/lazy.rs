//! Content built only when it is needed: disclosures whose content is built while open
//! (a result can have thousands of rows, and nobody reads them all at once), and panels
//! built a frame after the first paint.

use leptos::prelude::*;

/// What `children` builds while `when()` holds, else what `fallback` builds: each built
/// again only when `when()` changes. `<Show>` does this too, but each use of it is its
/// own copy of Leptos's generic code (2.6 KB gzip in the widget, 3 KB in the app); this
/// is one.
pub fn shown(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
    fallback: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    either(Box::new(when), Box::new(children), Box::new(fallback))
}

/// For `shown`'s `fallback`: nothing.
pub fn nothing() -> AnyView {
    ().into_any()
}

type Build = Box<dyn Fn() -> AnyView + Send + Sync>;

fn either(when: Box<dyn Fn() -> bool + Send + Sync>, children: Build, fallback: Build) -> AnyView {
    let on = Memo::new(move |_| when());
    // Only `on` is tracked: what a view reads while it is built does not rebuild it.
    (move || {
        let on = on.get();
        untrack(|| if on { children() } else { fallback() })
    })
    .into_any()
}

/// A `<details>` built on first open and kept while open.
#[component]
pub fn Lazy(
    #[prop(into)] summary: Signal<String>,
    children: ChildrenFn,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details
            class=format!("lazy {class}")
            on:toggle=move |ev| {
                use leptos::wasm_bindgen::JsCast;
                let is_open = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open());
                open.set(is_open);
            }
        >
            <summary>{move || summary.get()}</summary>
            <div class="details-body">{move || open.get().then(|| children())}</div>
        </details>
    }
}

#[cfg(feature = "partner")]
/// A table that scrolls sideways inside its own box on narrow screens instead of
/// widening the page; focusable so keyboard users can scroll it too.
pub fn scrolling(label: String, table: impl IntoView) -> impl IntoView {
    view! { <div class="table-scroll" tabindex="0" role="region" aria-label=label>{table}</div> }
}

#[cfg(feature = "partner")]
/// Whether the page has painted its first frame since the first mode's view mounted
/// (provided by the app's frame, started by that view: partner mode's code may arrive
/// frames after the page's start, src/parts.rs).
#[derive(Clone, Copy)]
pub struct FirstFrame {
    painted: RwSignal<bool>,
    started: StoredValue<bool>,
}

#[cfg(feature = "partner")]
impl FirstFrame {
    pub fn new() -> Self {
        FirstFrame {
            painted: RwSignal::new(false),
            started: StoredValue::new(false),
        }
    }

    /// The first time only: set two animation frames from now, so the first frame
    /// (with the answer) is painted before anything waiting for it is built. A hidden
    /// page paints nothing and gets no animation frames (a background tab, an iframe
    /// out of view), so it builds everything at once, or after a second at the latest.
    pub fn start(self) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        let painted = self.painted;
        // Once only: setting it again would rebuild every panel (and what was typed in
        // it). A widget removed before then has disposed of the signal: nothing to do.
        let done = move || {
            if painted.try_get_untracked() == Some(false) {
                painted.set(true);
            }
        };
        if document().hidden() {
            return done();
        }
        request_animation_frame(move || request_animation_frame(done));
        set_timeout(done, std::time::Duration::from_secs(1));
    }

    /// Whether it has painted (tracked).
    pub fn painted(self) -> bool {
        self.painted.get()
    }
}

#[cfg(feature = "partner")]
/// What the first result does not need (partner mode's panels below the fold, the
/// page's customer form), built once the first frame is painted: on a cold load the
/// answer shows without waiting for them (issue 16). Once the page has painted, a view
/// opened later is built at once.
#[component]
pub fn AfterFirstFrame(children: ChildrenFn) -> impl IntoView {
    let painted = expect_context::<FirstFrame>().painted;
    move || painted.get().then(|| children())
}

#[cfg(feature = "partner")]
/// Lets the page's panels and rows skip layout while out of view (`content-visibility:
/// auto` under `main[data-measured]` in the stylesheet) only once they have been laid
/// out since what `changed` reads last changed (the mode, the desk, a whole new quote
/// or price book). A skipped box keeps the size it last had when laid out, or else an
/// estimate; with estimates, a jump far down the page (a warning's link, focus moved to
/// a field, a search) landed where the estimates put its target, which then moved as the
/// boxes in view took their real size: on a phone, off the screen. So each wholesale
/// change is laid out in full for one frame, and edits after it skip again. The page
/// only (a widget does not touch its host's document): the attribute is set by hand,
/// since a reactive class binding cost the main part 1.5 KB gzip.
pub fn measure_after(changed: impl Fn() + 'static) {
    use std::sync::atomic::Ordering::Relaxed;
    ON_PAGE.store(true, Relaxed);
    Effect::new(move |_| {
        changed();
        remeasure();
    });
}

/// Whether [`measure_after`] runs here: the page (never a widget, whose host's document
/// is not the calculator's).
#[cfg(feature = "partner")]
static ON_PAGE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Which wholesale change is being laid out: a newer one makes an older one's mark moot.
#[cfg(feature = "partner")]
static ROUND: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Lays the page out in full for a frame, then lets what is out of view skip layout
/// again: after a wholesale change, and when a split-off view (the desk, partner mode)
/// arrives after its click (src/parts.rs).
#[cfg(feature = "partner")]
pub fn remeasure() {
    use std::sync::atomic::Ordering::Relaxed;
    if !ON_PAGE.load(Relaxed) {
        return;
    }
    let this = ROUND.fetch_add(1, Relaxed).wrapping_add(1);
    mark_measured(false);
    // The first frame lays everything out (each box's size is kept then, before resize
    // observers run); the second frame's callback comes after it.
    request_animation_frame(move || {
        request_animation_frame(move || {
            if ROUND.load(Relaxed) == this {
                mark_measured(true)
            }
        })
    });
}

/// On the page's `<main>`, rebuilt with the mode's view: it starts unmarked.
#[cfg(feature = "partner")]
fn mark_measured(on: bool) {
    if let Some(main) = document().get_element_by_id("main") {
        let _ = if on {
            main.set_attribute("data-measured", "")
        } else {
            main.remove_attribute("data-measured")
        };
    }
}
