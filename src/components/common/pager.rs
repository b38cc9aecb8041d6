//! Pages of a long list: only one page is ever in the DOM.

use leptos::prelude::*;
use std::ops::Range;

#[derive(Clone, Copy)]
pub struct Pages {
    page: RwSignal<usize>,
    size: usize,
}

impl Pages {
    pub fn new(size: usize) -> Pages {
        Pages {
            page: RwSignal::new(0),
            size,
        }
    }

    /// The items of the current page among `len` (the last page when the list shrank).
    pub fn range(self, len: usize) -> Range<usize> {
        let last = len.saturating_sub(1) / self.size;
        let p = self.page.get().min(last);
        p * self.size..len.min(p * self.size + self.size)
    }

    /// Shows the page holding item `i`.
    pub fn show(self, i: usize) {
        self.page.set(i / self.size);
    }
}

/// "Previous" and "Next" with "Rows 1–24 of 240"; nothing when everything fits.
#[component]
pub fn Pager(
    pages: Pages,
    #[prop(into)] len: Signal<usize>,
    #[prop(into)] label: String,
    #[prop(default = "rows")] what: &'static str,
) -> impl IntoView {
    let count = move || len.get().div_ceil(pages.size).max(1);
    let status = move || {
        let r = pages.range(len.get());
        format!(
            "{} {}–{} of {}",
            licalc_engine::describe::capital(what),
            (r.start + 1).min(r.end),
            r.end,
            len.get()
        )
    };
    let current = move || pages.range(len.get()).start / pages.size;
    view! {
        <div class="pager" class:hidden=move || count() < 2 role="group" aria-label=label>
            <button type="button" class="small" disabled=move || current() == 0 on:click=move |_| pages.page.set(current().saturating_sub(1))>{format!("Previous {what}")}</button>
            <span aria-live="polite">{status}</span>
            <button type="button" class="small" disabled=move || current() + 1 >= count() on:click=move |_| pages.page.set(current() + 1)>{format!("Next {what}")}</button>
        </div>
    }
}
