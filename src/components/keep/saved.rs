//! The saved quotes of this browser: open, rename, duplicate, delete (with undo), and
//! compare any two month by month. A damaged entry is flagged alone; the list follows
//! changes made in other tabs.

use crate::components::common::each::by_id;
use crate::components::common::table::{Paged, Rows};
use crate::components::common::text::TextView;
use crate::components::keep::toolbar::{download_refused, file_stem};
use crate::parts::split_view;
use crate::session::{write_notice, Held, Named, Session, Write};
use crate::state::AppState;
use crate::storage::{self, Entry};
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt};
use licalc_engine::pretty::pretty;
use licalc_engine::store::{self, Saved, SavedComparison};
use licalc_engine::{compute, PathKind, PriceBook, QuoteResult};
use std::sync::Arc;

/// What a saved quote gives, priced with its own book (or the shipped one).
fn priced(saved: &Saved) -> Option<(licalc_engine::Quote, Arc<QuoteResult>)> {
    let (quote, book) = saved.open().ok()?;
    let r = compute(&book.unwrap_or_else(PriceBook::default_book), &quote).ok()?;
    Some((quote, Arc::new(r)))
}

fn when(iso: &str) -> String {
    let d = js_sys::Date::new(&leptos::wasm_bindgen::JsValue::from_str(iso));
    d.to_locale_string("default", &leptos::wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_else(|| iso.to_string())
}

#[component]
pub fn SavedQuotes() -> impl IntoView {
    let session = expect_context::<Session>();
    let version = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::storage, move |_| version.update(|v| *v += 1));
    on_cleanup(move || handle.remove());
    // Saving or starting a document elsewhere in this tab refreshes the list too.
    Effect::new(move |_| {
        session.named.track();
        session.draft.track();
        version.update(|v| *v += 1);
    });
    let entries = Memo::new(move |_| {
        version.track();
        storage::list()
    });
    let compare: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let row = move |e: Entry| {
        let key = format!("{}{}", if e.draft { "d" } else { "q" }, e.id);
        match e.saved.clone() {
            Err(err) => view! { <li class="saved damaged"><p><TextView text=describe::store_error(&err).capitalised() /></p>
                <button type="button" class="danger small" on:click=move |_| { storage::remove(e.draft, &e.id); version.update(|v| *v += 1) }>"Delete the damaged entry"</button></li> }.into_any(),
            Ok(saved) => view! { <SavedRow entry=e.clone() saved key version compare /> }.into_any(),
        }
    };
    view! {
        <section class="panel saved-quotes" id="saved-quotes" aria-labelledby="saved-heading">
            <h2 id="saved-heading">"Saved quotes"</h2>
            <p class="hint">"Kept in this browser only. Drafts are what you were editing, kept as you typed."</p>
            <Deleted version />
            <ul class="saved-list" aria-label="Saved quotes">
                {move || { let list = entries.get(); if list.is_empty() { view! { <li>"Nothing saved yet."</li> }.into_any() } else { list.into_iter().map(row).collect_view().into_any() } }}
            </ul>
            <Compare entries compare />
        </section>
    }
}

/// The quotes deleted on this page, each with Undo until it is restored and with
/// Download. The session holds them, so closing the list loses none, and a restore that
/// fails (storage full) keeps the quote here, while deleting another to make room adds
/// that one beside it. Keyed, so a change to the list leaves the other lines (and their
/// announcements) as they were.
#[component]
fn Deleted(version: RwSignal<u32>) -> impl IntoView {
    let held = expect_context::<Session>().deleted;
    by_id(
        move || held.with(|h| h.iter().map(|x| x.key.clone()).collect()),
        move |key| match held.with_untracked(|h| h.iter().find(|x| x.key == key).cloned()) {
            Some(h) => view! { <HeldLine held=h version /> }.into_any(),
            None => ().into_any(),
        },
    )
}

/// One deleted quote: what it was, Undo and Download.
#[component]
fn HeldLine(held: Held, version: RwSignal<u32>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let session = expect_context::<Session>();
    let label = format!("{}, saved {}", held.saved.name, when(&held.saved.saved));
    let text = pretty(&held.saved.quote);
    let file = format!("{}.json", file_stem(&held.saved.name));
    let line = format!(
        "Deleted “{}” (saved {}). ",
        held.saved.name,
        when(&held.saved.saved)
    );
    let undo = move |_| {
        // This tab's own draft is the document as it is now; any other entry is put back
        // where it was, or beside it if that entry was saved again meanwhile.
        let restored = if held.is(true, &session.draft.get_untracked()) {
            session.try_write_draft(state)
        } else {
            let taken = storage::get(held.draft, &held.id).is_some();
            let id = if taken {
                storage::new_id()
            } else {
                held.id.clone()
            };
            let put = storage::put(held.draft, &id, &held.saved);
            if held.draft && put.is_ok() && storage::too_many_drafts() {
                storage::prune_drafts(&id);
            }
            put
        };
        match restored {
            Ok(()) => {
                session.deleted.update(|h| h.retain(|x| x.key != held.key));
                version.update(|v| *v += 1);
            }
            Err(err) => write_notice(state, err, Write::Restore),
        }
    };
    let download = move |_| {
        if !crate::dom::download(&file, "application/json", &text) {
            download_refused(state);
        }
    };
    view! {
        <p role="status">{line}
            <button type="button" class="small" on:click=undo>"Undo" <span class="visually-hidden">{format!(" deleting {label}")}</span></button>
            " "
            <button type="button" class="small" on:click=download>"Download" <span class="visually-hidden">{format!(" {label}")}</span></button>
        </p>
    }
}

#[component]
fn SavedRow(
    entry: Entry,
    saved: Saved,
    key: String,
    version: RwSignal<u32>,
    compare: RwSignal<Vec<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let session = expect_context::<Session>();
    let summary = summary(state, &saved);
    let title = if entry.draft {
        format!("Draft: {}", saved.name)
    } else {
        saved.name.clone()
    };
    let renaming = RwSignal::new(false);
    let (e1, e3) = (entry.clone(), entry.clone());
    let (s1, s3, s4) = (saved.clone(), saved.clone(), saved.clone());
    let open = move |_| {
        session.open_saved(state, &e1.id, e1.draft, &s1);
    };
    let duplicate = move |_| {
        let copy = Saved {
            name: format!("{} (copy)", s3.name),
            rev: 1,
            saved: storage::now(),
            ..s3.clone()
        };
        match storage::put(false, &storage::new_id(), &copy) {
            Ok(()) => version.update(|v| *v += 1),
            Err(err) => write_notice(state, err, Write::Copy),
        }
    };
    let delete = move |_| {
        session.hold(e3.draft, &e3.id, &s4);
        version.update(|v| *v += 1);
    };
    let label = title.clone();
    view! {
        <li class="saved">
            <p><strong>{title}</strong> " · " {when(&saved.saved)}</p>
            <p class="hint">{summary.unwrap_or_else(|| "This saved quote cannot be priced as it is: open it to see why.".into())}</p>
            <RenameForm entry saved renaming version />
            <div class="actions">
                <button type="button" class="small" on:click=open>"Open" <span class="visually-hidden">{format!(" {label}")}</span></button>
                <button type="button" class="small" on:click=move |_| renaming.set(true)>"Rename" <span class="visually-hidden">{format!(" {label}")}</span></button>
                <button type="button" class="small" on:click=duplicate>"Duplicate" <span class="visually-hidden">{format!(" {label}")}</span></button>
                <button type="button" class="small danger" on:click=delete>"Delete" <span class="visually-hidden">{format!(" {label}")}</span></button>
                <ComparePick key label compare />
            </div>
        </li>
    }
}

/// One line on a saved quote: customer, price book and the first year on each plan.
fn summary(state: AppState, saved: &Saved) -> Option<String> {
    priced(saved).map(|(q, r)| {
        let fmt = crate::format::IntlFmt {
            locale: state.fmt().locale,
            currency: r.currency.code(),
            start: q.start,
        };
        let c = &r.comparison.first_year;
        format!(
            "{} · price book {} · first year MOSP {}, EA {}{}",
            if q.customer.name.is_empty() {
                "no customer name"
            } else {
                &q.customer.name
            },
            r.price_book.version,
            fmt.money(c.mosp),
            fmt.money(c.ea),
            if r.paths.ea.available() {
                ""
            } else {
                " (what-if)"
            }
        )
    })
}

/// The form renaming a saved quote, shown while `renaming`; the open document follows.
#[component]
fn RenameForm(
    entry: Entry,
    saved: Saved,
    renaming: RwSignal<bool>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let state = expect_context::<AppState>();
    let new_name = RwSignal::new(saved.name.clone());
    let e4 = entry.clone();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let renamed = Saved {
            name: new_name.get_untracked(),
            rev: saved.rev + 1,
            ..saved.clone()
        };
        if let Err(err) = storage::put(entry.draft, &entry.id, &renamed) {
            // The list keeps the old name, and so does the open document.
            write_notice(state, err, Write::Rename);
            return;
        }
        if session
            .named
            .with_untracked(|n| n.as_ref().is_some_and(|n| n.id == entry.id))
        {
            session.named.set(Some(Named {
                id: entry.id.clone(),
                name: renamed.name.clone(),
                rev: renamed.rev,
            }));
        }
        renaming.set(false);
        version.update(|v| *v += 1);
    };
    move || {
        renaming.get().then(|| view! {
        <form class="save-form" on:submit=rename.clone()>
            <label for=format!("rename-{}", e4.id)>"New name"</label>
            <input id=format!("rename-{}", e4.id) type="text" maxlength="200" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
            <button type="submit">"Rename"</button>
        </form>
    })
    }
}

/// The checkbox picking a saved quote for comparison; a third pick drops the oldest.
#[component]
fn ComparePick(key: String, label: String, compare: RwSignal<Vec<String>>) -> impl IntoView {
    let ck = key.clone();
    let checked = move || compare.with(|c| c.contains(&ck));
    view! {
        <label class="compare-pick">
            <input type="checkbox" prop:checked=checked on:change=move |ev| {
                let on = event_target_checked(&ev);
                compare.update(|c| { c.retain(|k| *k != key); if on { c.push(key.clone()); if c.len() > 2 { c.remove(0); } } });
            } />
            {format!("Compare {label}")}
        </label>
    }
}

/// Two saved quotes side by side, month by month: each plan's totals and the difference,
/// as the engine compared them (`store::compare`).
#[component]
fn Compare(entries: Memo<Vec<Entry>>, compare: RwSignal<Vec<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let pair = Memo::new(move |_| {
        let keys = compare.get();
        if keys.len() != 2 {
            return None;
        }
        let find = |k: &str| {
            entries.with(|l| {
                l.iter()
                    .find(|e| format!("{}{}", if e.draft { "d" } else { "q" }, e.id) == k)
                    .and_then(|e| e.saved.clone().ok())
            })
        };
        let (a, b) = (find(&keys[0])?, find(&keys[1])?);
        let (pa, pb) = (priced(&a)?, priced(&b)?);
        let compared = store::compare(&pa.1, &pb.1).map(Arc::new);
        Some(crate::state::Shared(Arc::new((a.name, b.name, compared))))
    });
    // Amounts in the compared quotes' own currency.
    let fmt = move |c: &SavedComparison| crate::format::IntlFmt {
        currency: c.currency.code(),
        ..state.fmt()
    };
    let rows = Signal::derive(move || {
        let Some(Ok(c)) = pair.get().map(|shared| shared.2.clone()) else {
            return Rows::default();
        };
        let fmt = fmt(&c);
        Rows::new(c.months.len(), move |i| {
            let m = &c.months[i];
            let mut cells = vec![m.month.to_string()];
            for d in [m.mosp, m.ea] {
                cells.extend([
                    fmt.money(d.first),
                    fmt.money(d.second),
                    fmt.money(d.difference),
                ]);
            }
            cells
        })
    });
    move || {
        pair.get().map(|shared| {
            let (first, second, compared) = &*shared;
            let figures = match compared {
                Ok(c) => {
                    let fmt = fmt(c);
                    let line = |kind: PathKind, d: &store::Difference| describe::compared_total(kind, first, second, d).render(&fmt);
                    view! {
                        <p>{line(PathKind::Mosp, &c.mosp)}</p>
                        <p>{line(PathKind::Ea, &c.ea)}</p>
                        <Paged label="Month by month: the second minus the first" headers=vec!["Month", "MOSP, first", "MOSP, second", "MOSP difference", "EA, first", "EA, second", "EA difference"] rows />
                    }
                    .into_any()
                }
                Err(e) => view! { <p><TextView text=describe::compare_error(e).capitalised() /></p> }.into_any(),
            };
            view! {
                <section class="compare-saved" aria-labelledby="compare-saved-heading">
                    <h3 id="compare-saved-heading">{format!("“{first}” and “{second}” compared")}</h3>
                    {figures}
                </section>
            }
        })
    }
}

split_view! {
    /// The saved quotes of this browser (the toolbar's "Saved quotes"), fetched when first shown.
    pub fn view() = <SavedQuotes />, "the saved quotes", saved_quotes, prefetch_saved_quotes
}
