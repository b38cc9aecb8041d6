//! The news of a quote made with an earlier price book (C1), shown once it is opened.
//! In the main part: as a split view of the reader's part it saved 2.8 KB gzip there
//! but gave partner mode 5 more part files (33), measured 600 ms slower on the slow line.

use crate::components::common::text::TextView;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::PriceBook;

/// A quote made with an earlier price book: once, what changed, figure by figure.
#[component]
pub fn BookNewsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.news.get().map(|n| {
            let book = PriceBook::shipped();
            let summary = n.summary.clone();
            let lines = n.changes.iter().map(|c| view! { <li><TextView text=c.clone() /></li> }).collect_view();
            let reprice = n.kept_earlier.then(|| view! {
                <button type="button" on:click=move |_| {
                    let shipped = PriceBook::default_book();
                    state.edit(|q| q.price_book = Some(licalc_engine::quote::BookRef { id: shipped.id.clone(), version: shipped.version.clone() }));
                    state.load_book(shipped);
                    state.news.set(None);
                }>{format!("Price with version {} instead", book.version)}</button>
            });
            view! {
                <section class="book-news notice" aria-labelledby="book-news-heading">
                    <div>
                        <h2 id="book-news-heading">"Made with an earlier price book"</h2>
                        <p><TextView text=summary /></p>
                        <details><summary>{format!("What changed ({} figures)", n.changes.len())}</summary><ul>{lines}</ul></details>
                        {reprice}
                    </div>
                    <button type="button" class="small" on:click=move |_| state.news.set(None)>"Dismiss"</button>
                </section>
            }
        })
    }
}
