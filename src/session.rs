//! The document being edited: where it came from (a saved quote, a link, a file, new),
//! its draft (saved as it changes, so a reload loses nothing), and saving it by name.
//! Two tabs never overwrite each other's work: each document has its own draft, and
//! saving over a quote another tab saved since is refused in favour of a copy.

#[cfg(feature = "partner")]
use crate::state::Arrived;
use crate::state::{AppState, Notice};
use crate::storage::{self, WriteError};
use leptos::prelude::*;
use licalc_engine::describe::Text;
use licalc_engine::store::Saved;
#[cfg(feature = "partner")]
use licalc_engine::PriceBook;

/// The named quote the document was opened from or saved as.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub id: String,
    pub name: String,
    /// The revision it had when opened or last saved here.
    pub rev: u64,
}

#[derive(Clone, Copy)]
pub struct Session {
    /// The draft this document autosaves to.
    pub draft: RwSignal<String>,
    pub named: RwSignal<Option<Named>>,
    /// Edited since opened or last saved by name.
    pub dirty: RwSignal<bool>,
    /// Saved quotes deleted on this page, oldest first, until each is restored: Undo
    /// and Download stay offered however the saved list is opened and closed.
    #[cfg(feature = "partner")]
    pub deleted: RwSignal<Vec<Held>>,
    /// Whether this app may use the browser's storage (not inside someone else's page).
    pub enabled: bool,
}

/// A saved quote deleted on this page: where it was stored and what it held.
#[cfg(feature = "partner")]
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    /// Tells two held copies apart, even of one entry deleted twice.
    pub key: String,
    pub draft: bool,
    /// The entry it was deleted from; a new one once that entry is saved again.
    pub id: String,
    pub saved: Saved,
}

#[cfg(feature = "partner")]
impl Held {
    /// Whether it was deleted from entry `id` (a draft or a saved quote).
    pub fn is(&self, draft: bool, id: &str) -> bool {
        self.draft == draft && self.id == id
    }
}

/// What a failed write to the browser's storage was for: the notice says what did not
/// happen and what is still kept, which differs (a failed Undo leaves the deleted quote
/// only on the page, not in storage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "partner"), allow(dead_code))] // the saved list is partner mode's
pub enum Write {
    /// Saving the quote by name, or its draft as it is edited.
    Save,
    /// Duplicating a saved quote.
    Copy,
    /// Renaming a saved quote.
    Rename,
    /// Undoing the deletion of a saved quote.
    Restore,
}

/// The notice for a failed write: what did not happen, why, and what to do.
pub fn write_text(e: WriteError, what: Write) -> String {
    let why = match e {
        WriteError::Full => "the browser's storage for this site is full",
        WriteError::Unavailable => {
            "this browser does not allow this page to store anything (private browsing?)"
        }
    };
    let full = e == WriteError::Full;
    let (not_done, then) = match what {
        Write::Save if full => ("Not saved", "Everything saved before is kept; delete saved quotes you no longer need, or download this one as a file."),
        Write::Save => ("Not saved", "Download the quote as a file to keep it."),
        Write::Copy if full => ("Not duplicated", "The saved quote is kept as it was; delete saved quotes you no longer need to make room."),
        Write::Copy => ("Not duplicated", "The saved quote is kept as it was."),
        Write::Rename if full => ("Not renamed", "The saved quote keeps its name; delete saved quotes you no longer need to make room."),
        Write::Rename => ("Not renamed", "The saved quote keeps its name."),
        Write::Restore if full => ("Not restored", "The deleted quote stays under Saved quotes until you leave the page: download it, or delete quotes you no longer need and choose Undo again."),
        Write::Restore => ("Not restored", "The deleted quote stays under Saved quotes until you leave the page: download it to keep it."),
    };
    format!("{not_done}: {why}. {then}")
}

/// Says at the top of the page that a write to the browser's storage failed, and why.
pub fn write_notice(state: AppState, e: WriteError, what: Write) {
    state.notice.set(Some(Notice {
        text: Text::new().w(write_text(e, what)),
        problem: true,
    }));
}

impl Session {
    pub fn new(state: AppState, enabled: bool, draft: String) -> Session {
        let s = Session {
            draft: RwSignal::new(draft),
            named: RwSignal::new(None),
            dirty: RwSignal::new(false),
            #[cfg(feature = "partner")]
            deleted: RwSignal::new(Vec::new()),
            enabled,
        };
        if enabled {
            s.autosave(state);
        }
        s
    }

    /// Saves the quote to this document's draft a moment after each edit.
    fn autosave(self, state: AppState) {
        let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
        Effect::new(move |first: Option<()>| {
            state.quote.track();
            if first.is_none() {
                return;
            }
            self.dirty.set(true);
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            pending.set_value(
                set_timeout_with_handle(
                    move || {
                        pending.set_value(None);
                        self.write_draft(state)
                    },
                    std::time::Duration::from_millis(400),
                )
                .ok(),
            );
        });
        // Leaving the page (a reload, closing the tab) writes an edit still waiting.
        let handle = window_event_listener(leptos::ev::pagehide, move |_| {
            if let Some(h) = pending.get_value() {
                h.clear();
                pending.set_value(None);
                self.write_draft(state);
            }
        });
        on_cleanup(move || handle.remove());
    }

    pub fn write_draft(self, state: AppState) {
        if let Err(e) = self.try_write_draft(state) {
            write_notice(state, e, Write::Save);
        }
    }

    /// The document as it is now, written to its draft.
    pub fn try_write_draft(self, state: AppState) -> Result<(), WriteError> {
        let name = self.named.with_untracked(|n| {
            n.as_ref()
                .map_or_else(|| "Draft".to_string(), |n| n.name.clone())
        });
        let quote = state.quote.get_untracked();
        let saved = Saved::new(name, storage::now(), 0, &quote, state.own_book().as_deref());
        let id = self.draft.get_untracked();
        storage::put(true, &id, &saved)?;
        if storage::too_many_drafts() {
            // Reading the drafts to find the oldest is the reader part's work; if it
            // cannot be fetched, the next write prunes.
            let keep = id.clone();
            leptos::task::spawn_local(async move {
                let _ = crate::parts::prune_drafts(keep).await;
            });
        }
        // This document's draft deleted from the list is written again: nothing of it is
        // left to undo.
        #[cfg(feature = "partner")]
        if untrack(|| self.holds(true, &id)) {
            self.deleted.update(|d| d.retain(|h| !h.is(true, &id)));
        }
        Ok(())
    }

    #[cfg(feature = "partner")]
    /// Whether entry `id` (a draft or a saved quote) is among the deleted quotes held for
    /// Undo.
    pub fn holds(self, draft: bool, id: &str) -> bool {
        self.deleted.with(|d| d.iter().any(|h| h.is(draft, id)))
    }

    #[cfg(feature = "partner")]
    /// Holds a deleted entry for Undo: what storage held under it (newer than the list's
    /// copy when it is this tab's draft, written as the document changes), or `listed`.
    pub fn hold(self, draft: bool, id: &str, listed: &Saved) {
        let saved = storage::get(draft, id)
            .and_then(Result::ok)
            .unwrap_or_else(|| listed.clone());
        storage::remove(draft, id);
        self.deleted.update(|d| {
            d.push(Held {
                key: storage::new_id(),
                draft,
                id: id.to_string(),
                saved,
            })
        });
    }

    #[cfg(feature = "partner")]
    /// A new document (new quote, example, file, link): a new draft, nothing named.
    pub fn start(self, state: AppState, quote: Arrived, named: Option<Named>) {
        if self.enabled {
            self.draft.set(storage::start_draft());
        }
        self.named.set(named);
        state.replace(quote);
        self.dirty.set(false);
        if self.enabled {
            self.write_draft(state);
        }
    }

    #[cfg(feature = "partner")]
    /// Opens a saved quote or draft, with the price book it was saved with; says so.
    pub fn open_saved(self, state: AppState, id: &str, draft: bool, saved: &Saved) -> bool {
        let Ok((quote, book)) = saved.open() else {
            return false;
        };
        let quote = Arrived::read(quote);
        state.load_book(book.unwrap_or_else(PriceBook::default_book));
        if draft {
            self.draft.set(id.to_string());
            self.named.set(None);
            state.replace(quote);
        } else {
            let named = Named {
                id: id.to_string(),
                name: saved.name.clone(),
                rev: saved.rev,
            };
            self.start(state, quote, Some(named));
        }
        state.notice.set(Some(Notice {
            text: Text::new().w(format!("Opened “{}”.", saved.name)),
            problem: false,
        }));
        true
    }

    #[cfg(feature = "partner")]
    /// Saves the document under a name: a new entry, or its own entry again when no
    /// other tab saved it since (otherwise as a copy, and says so). Saving over an entry
    /// reads its stored revision first, in the reader part (src/parts.rs); if that
    /// cannot be fetched, nothing is saved, and the notice says so.
    pub fn save(self, state: AppState, name: String) {
        // The same name saves over the quote it was opened as; another name is a new quote.
        let Some(over) = self.named.get_untracked().filter(|n| n.name == name) else {
            return self.save_as(state, name, (storage::new_id(), 1, false));
        };
        let document = self.draft.get_untracked();
        leptos::task::spawn_local(async move {
            let stored = crate::parts::stored_rev(over.id.clone()).await;
            let say = |text: String| {
                state.notice.set(Some(Notice {
                    text: Text::new().w(text),
                    problem: true,
                }))
            };
            // Another document opened while the reader was fetched: what is shown now
            // is not what the user asked to save.
            if self.draft.get_untracked() != document {
                return say(format!("Not saved as “{name}”: another quote was opened meanwhile. The one you were saving is kept among the saved quotes as a draft."));
            }
            let Ok(stored) = stored else {
                return say(crate::parts::Unloaded::notice(
                    "Not saved",
                    crate::parts::Unloaded::REASON,
                ));
            };
            let to = match stored {
                Some(rev) if rev != over.rev => (storage::new_id(), 1, true),
                _ => (over.id.clone(), over.rev + 1, false),
            };
            self.save_as(state, name, to);
        });
    }

    #[cfg(feature = "partner")]
    /// Writes the document as entry `id` at revision `rev`; `copy`: as a copy of an entry
    /// another tab saved meanwhile.
    fn save_as(self, state: AppState, name: String, (id, rev, copy): (String, u64, bool)) {
        let quote = state.quote.get_untracked();
        let book = state.own_book();
        let name = if copy {
            format!("{name} (copy: another tab saved the original)")
        } else {
            name
        };
        let saved = Saved::new(name.clone(), storage::now(), rev, &quote, book.as_deref());
        match storage::put(false, &id, &saved) {
            Ok(()) => {
                // A deleted copy of this entry is restored beside it from now on, not
                // over it, and the status no longer calls the document deleted.
                self.deleted.update(|d| {
                    for h in d.iter_mut().filter(|h| h.is(false, &id)) {
                        h.id = storage::new_id();
                    }
                });
                self.named.set(Some(Named {
                    id,
                    name: name.clone(),
                    rev,
                }));
                self.dirty.set(false);
                let text = if copy {
                    format!("Saved as “{name}”: the quote was changed in another tab since you opened it, so both versions are kept.")
                } else {
                    format!("Saved as “{name}”.")
                };
                state.notice.set(Some(Notice {
                    text: Text::new().w(text),
                    problem: copy,
                }));
            }
            Err(e) => write_notice(state, e, Write::Save),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Write; 4] = [Write::Save, Write::Copy, Write::Rename, Write::Restore];

    #[test]
    fn a_failed_write_says_what_did_not_happen_and_why() {
        let not_done = ["Not saved", "Not duplicated", "Not renamed", "Not restored"];
        for (what, lead) in ALL.into_iter().zip(not_done) {
            let full = write_text(WriteError::Full, what);
            assert!(
                full.starts_with(&format!(
                    "{lead}: the browser's storage for this site is full. "
                )),
                "{full}"
            );
            let off = write_text(WriteError::Unavailable, what);
            assert!(
                off.starts_with(&format!("{lead}: this browser does not allow")),
                "{off}"
            );
        }
    }

    #[test]
    fn a_failed_undo_does_not_claim_the_deleted_quote_is_stored() {
        for e in [WriteError::Full, WriteError::Unavailable] {
            let text = write_text(e, Write::Restore);
            assert!(!text.contains("saved before is kept"), "{text}");
            assert!(text.contains("stays under Saved quotes until you leave the page"));
            assert!(text.contains("download it"), "{text}");
        }
        // Only a full quota can be helped by deleting quotes, and only then is Undo
        // worth trying again.
        assert!(write_text(WriteError::Full, Write::Restore).contains("choose Undo again"));
        assert!(!write_text(WriteError::Unavailable, Write::Restore).contains("Undo"));
        assert!(write_text(WriteError::Full, Write::Copy).contains("make room"));
        assert!(!write_text(WriteError::Unavailable, Write::Copy).contains("make room"));
    }
}
