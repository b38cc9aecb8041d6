//! Saved quotes in the browser (localStorage), behind this one module. Every key starts
//! with `licalc:v1:`, so nothing else of the site is touched, and each quote is its own
//! entry, so a damaged one is flagged alone while the rest still load.
//!
//! - `licalc:v1:q:<id>`: a named quote the user saved.
//! - `licalc:v1:d:<id>`: a draft: what a tab is editing, saved as it changes so a reload
//!   loses nothing. Each new document (new quote, example, file, link) starts a new draft,
//!   so opening one never overwrites another; the oldest drafts beyond `MAX_DRAFTS` go.
//! - `licalc:v1:prefs`: the last mode.
//! - sessionStorage `licalc:v1:tab`: which draft this tab is writing.
//!
//! Writing never deletes first: a full quota leaves everything already saved as it was.

use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{window, Storage};
use licalc_engine::store::{Saved, StoreError};

const PREFIX: &str = "licalc:v1:";
const QUOTE: &str = "q:";
const DRAFT: &str = "d:";
#[cfg(feature = "partner")]
const TAB: &str = "licalc:v1:tab";
const PREFS: &str = "licalc:v1:prefs";
/// Drafts kept besides the named quotes.
const MAX_DRAFTS: usize = 20;

/// Why a write did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    /// The browser's storage for this site is full.
    Full,
    /// Storage is not available (private browsing, blocked by the user).
    Unavailable,
}

/// One stored entry: its id and what reading it gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: String,
    pub draft: bool,
    pub saved: Result<Saved, StoreError>,
}

fn local() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

#[cfg(feature = "partner")]
fn session() -> Option<Storage> {
    window()?.session_storage().ok().flatten()
}

#[cfg(feature = "partner")]
/// A new id: time and randomness, base 36.
pub fn new_id() -> String {
    let t = js_sys::Date::now() as u64;
    let r = (js_sys::Math::random() * 1e9) as u64;
    format!("{}{}", radix(t), radix(r))
}

#[cfg(feature = "partner")]
fn radix(mut n: u64) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(digits[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Now, as ISO 8601 UTC.
pub fn now() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

fn key(draft: bool, id: &str) -> String {
    format!("{PREFIX}{}{id}", if draft { DRAFT } else { QUOTE })
}

fn write(k: &str, value: &str) -> Result<(), WriteError> {
    let s = local().ok_or(WriteError::Unavailable)?;
    s.set_item(k, value).map_err(|e| {
        // QuotaExceededError (a DOMException) is the browser saying "full".
        let name = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.name()))
            .or_else(|| {
                js_sys::Reflect::get(&e, &JsValue::from_str("name"))
                    .ok()
                    .and_then(|n| n.as_string())
            });
        if name.as_deref() == Some("QuotaExceededError") {
            WriteError::Full
        } else {
            WriteError::Unavailable
        }
    })
}

/// Every key in a storage area.
fn keys(s: &Storage) -> impl Iterator<Item = String> + '_ {
    (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten())
}

/// Every stored quote and draft, most recently saved first; damaged ones included, flagged.
pub fn list() -> Vec<Entry> {
    let Some(s) = local() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for k in keys(&s) {
        let Some(rest) = k.strip_prefix(PREFIX) else {
            continue;
        };
        let (draft, id) = match (rest.strip_prefix(QUOTE), rest.strip_prefix(DRAFT)) {
            (Some(id), _) => (false, id),
            (_, Some(id)) => (true, id),
            _ => continue,
        };
        let saved = s
            .get_item(&k)
            .ok()
            .flatten()
            .map_or(Err(StoreError::Corrupt), |v| Saved::from_json(&v));
        out.push(Entry {
            id: id.to_string(),
            draft,
            saved,
        });
    }
    out.sort_by(|a, b| {
        let at = |e: &Entry| {
            e.saved
                .as_ref()
                .map(|s| s.saved.clone())
                .unwrap_or_default()
        };
        at(b).cmp(&at(a)).then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// An entry, read. Only parts call it (src/parts.rs): reading JSON is their code.
#[cfg(feature = "partner")]
pub fn get(draft: bool, id: &str) -> Option<Result<Saved, StoreError>> {
    Some(Saved::from_json(&text(draft, id)?))
}

/// An entry's stored text, unread.
#[cfg(feature = "partner")]
pub fn text(draft: bool, id: &str) -> Option<String> {
    local()?.get_item(&key(draft, id)).ok().flatten()
}

/// Writes an entry. A draft's writer then asks [`too_many_drafts`].
pub fn put(draft: bool, id: &str, saved: &Saved) -> Result<(), WriteError> {
    write(&key(draft, id), &saved.to_json())
}

pub fn remove(draft: bool, id: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(&key(draft, id));
    }
}

/// Whether more drafts are stored than are kept: counting the keys is cheap, and most
/// writes (every autosave) find nothing to remove.
pub fn too_many_drafts() -> bool {
    let prefix = format!("{PREFIX}{DRAFT}");
    local().is_some_and(|s| keys(&s).filter(|k| k.starts_with(&prefix)).count() > MAX_DRAFTS)
}

/// Keeps the most recent drafts (and always `keep`, the one being written). Ordering
/// them reads every stored entry (a partner's can be tens of KB each), which is JSON
/// reading: the main part calls it through the reader part (`parts::prune_drafts`).
pub fn prune_drafts(keep: &str) {
    let drafts: Vec<Entry> = list()
        .into_iter()
        .filter(|e| e.draft && e.id != keep)
        .collect();
    for e in drafts.iter().skip(MAX_DRAFTS - 1) {
        remove(true, &e.id);
    }
}

#[cfg(feature = "partner")]
/// The draft this tab writes to, if it has one (it survives a reload of the tab).
pub fn tab_draft() -> Option<String> {
    session()?.get_item(TAB).ok().flatten()
}

#[cfg(feature = "partner")]
/// Starts a new draft for this tab (a new document): the previous one stays stored.
pub fn start_draft() -> String {
    let id = new_id();
    if let Some(s) = session() {
        let _ = s.set_item(TAB, &id);
    }
    id
}

#[cfg(feature = "partner")]
pub fn prefs() -> Option<String> {
    local()?.get_item(PREFS).ok().flatten()
}

pub fn set_prefs(v: &str) {
    let _ = write(PREFS, v);
}
