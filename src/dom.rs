//! The few DOM operations done by hand, relative to the element an event came from, so
//! they work the same in the page and inside a widget's shadow root.

use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{Document, EventTarget, HtmlElement, Node, Response, ShadowRoot};
use wasm_bindgen_futures::JsFuture;

/// The element with this id in the same document or shadow root as `from`.
pub fn by_id(from: &EventTarget, id: &str) -> Option<HtmlElement> {
    let root = from.dyn_ref::<Node>()?.get_root_node();
    let el = if let Some(s) = root.dyn_ref::<ShadowRoot>() {
        s.get_element_by_id(id)
    } else {
        root.dyn_ref::<Document>()?.get_element_by_id(id)
    };
    el?.dyn_into().ok()
}

/// Moves focus to the element with this id (a field named in a list of problems).
pub fn focus(from: &EventTarget, id: &str) {
    if let Some(el) = by_id(from, id) {
        let _ = el.focus();
    }
}

#[cfg(feature = "partner")]
/// Focuses the element with this id once the view about to change has rendered: the
/// root (document or shadow root) is taken now, while `from` is still in it. The view
/// may come a while later (its code fetched first, src/parts.rs; panels built after its
/// first frame), so it looks again every 50 ms, for 3 s at most.
pub fn focus_later(from: &EventTarget, id: &str) {
    if let Some(root) = from.dyn_ref::<Node>().map(Node::get_root_node) {
        focus_when_there(root, id.to_string(), 60);
    }
}

#[cfg(feature = "partner")]
fn focus_when_there(root: Node, id: String, tries: u32) {
    leptos::prelude::set_timeout(
        move || {
            let el = if let Some(s) = root.dyn_ref::<ShadowRoot>() {
                s.get_element_by_id(&id)
            } else {
                root.dyn_ref::<Document>()
                    .and_then(|d| d.get_element_by_id(&id))
            };
            match el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                Some(el) => {
                    let _ = el.focus();
                    el.scroll_into_view();
                }
                None if tries > 1 => focus_when_there(root, id, tries - 1),
                None => {}
            }
        },
        std::time::Duration::from_millis(50),
    );
}

#[cfg(feature = "partner")]
/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    use leptos::web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};
    let run = || -> Option<()> {
        let parts = js_sys::Array::of1(&leptos::wasm_bindgen::JsValue::from_str(text));
        let options = BlobPropertyBag::new();
        options.set_type(mime);
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = Url::create_object_url_with_blob(&blob).ok()?;
        let a: HtmlAnchorElement = leptos::prelude::document()
            .create_element("a")
            .ok()?
            .dyn_into()
            .ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        let _ = Url::revoke_object_url(&url);
        Some(())
    };
    run().is_some()
}

#[cfg(feature = "partner")]
/// Puts `text` on the clipboard; false when the browser refuses.
pub async fn copy(text: String) -> bool {
    let Some(clipboard) = leptos::web_sys::window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    JsFuture::from(clipboard.write_text(&text)).await.is_ok()
}

#[cfg(feature = "partner")]
/// The text of the first file chosen in a file input.
pub async fn file_text(input: &leptos::web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// `bytes` as raw deflate, by the browser's `CompressionStream` (its zlib), so the
/// widget's wasm carries no compressor for the share link its `licalc-change` event
/// gives. A browser without one (or without its `deflate-raw`) gets stored blocks: a
/// longer link that opens the same quote (`link::deflate_stored`).
pub async fn deflate_raw(bytes: &[u8]) -> Vec<u8> {
    async fn deflate(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
        // Read whole: a deflate is never much longer than its input.
        let packed = piped(bytes, "CompressionStream")?.dyn_into()?;
        let buffer =
            JsFuture::from(Response::new_with_opt_readable_stream(Some(&packed))?.array_buffer()?)
                .await?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
    match deflate(bytes).await {
        Ok(packed) => packed,
        Err(_) => licalc_engine::link::deflate_stored(bytes),
    }
}

/// Raw deflate inflated by the browser's `DecompressionStream`, so that opening a link
/// needs no inflater in the wasm. `None` when the browser has none (Safari before 16.4
/// has no `deflate-raw`), when it refuses the bytes, or past `limit` bytes: the caller
/// then asks the engine's inflater, whose verdict on a link is the one that counts.
/// (The unsplit build's link decoder inflates with the engine's alone: it has no part
/// to spare.)
#[cfg(licalc_split)]
pub async fn inflate_raw(packed: &[u8], limit: usize) -> Option<Vec<u8>> {
    inflate(packed, limit).await.ok().flatten()
}

/// The browser inflates each chunk it is written whole, before any of it can be read;
/// deflate inflates at most 1,032-fold, so a slice of 1 KiB makes at most about 1 MiB.
/// Written a slice at a time, each once the last is read, a compression bomb stops
/// within about 1 MiB past `limit`, not at the hundreds of MiB a whole link can hold.
#[cfg(licalc_split)]
async fn inflate(packed: &[u8], limit: usize) -> Result<Option<Vec<u8>>, JsValue> {
    const SLICE: usize = 1024;
    let stream = new_stream("DecompressionStream")?;
    let writer = call(&field(&stream, "writable")?, "getWriter")?;
    let reader = call(&field(&stream, "readable")?, "getReader")?;
    // The writes, a task of their own: each settles once its slice is inflated, which
    // waits for the reads below; a cancelled or refused stream fails the one pending.
    let packed = packed.to_vec();
    wasm_bindgen_futures::spawn_local(async move {
        for slice in packed.chunks(SLICE) {
            let slice = js_sys::Uint8Array::from(slice);
            let write = method(&writer, "write").and_then(|w| w.call1(&writer, &slice));
            if settled(write).await.is_err() {
                return;
            }
        }
        let _ = settled(call(&writer, "close")).await;
    });
    let mut out = Vec::new();
    loop {
        let chunk = settled(call(&reader, "read")).await?;
        if field(&chunk, "done")?.is_truthy() {
            return Ok(Some(out));
        }
        let value: js_sys::Uint8Array = field(&chunk, "value")?.dyn_into()?;
        let at = out.len();
        if value.length() as usize > limit - at {
            // Ends the stream and the writes to come; awaited, so that its failure is
            // not reported as unhandled.
            let _ = settled(call(&reader, "cancel")).await;
            return Ok(None);
        }
        out.resize(at + value.length() as usize, 0);
        value.copy_to(&mut out[at..]);
    }
}

/// `bytes` piped through a new browser `class` stream: its readable side.
fn piped(bytes: &[u8], class: &str) -> Result<JsValue, JsValue> {
    let stream = new_stream(class)?;
    let input = Response::new_with_opt_u8_array(Some(&mut bytes.to_vec()))?
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    // A (de)compression stream is a readable and writable pair.
    method(&input, "pipeThrough")?.call1(&input, &stream)
}

/// A new browser `class` stream (`CompressionStream`, `DecompressionStream`) of raw
/// deflate. These APIs are looked up and called through Reflect rather than bound:
/// web-sys has them only behind its unstable flag, and whatever a browser lacks or
/// throws is an error here (the caller's fallback), never an exception through the wasm.
fn new_stream(class: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::construct(
        &method(&js_sys::global(), class)?,
        &js_sys::Array::of1(&JsValue::from_str("deflate-raw")),
    )
}

/// `on[name]` if it is a function.
fn method(on: &JsValue, name: &str) -> Result<js_sys::Function, JsValue> {
    field(on, name)?.dyn_into()
}

/// `on[name]`.
fn field(on: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(on, &JsValue::from_str(name))
}

/// `on.name()`.
#[cfg(licalc_split)]
fn call(on: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    method(on, name)?.call0(on)
}

/// What a call's promise settles to (the call's own failure, or a value that is no
/// promise, an error).
#[cfg(licalc_split)]
async fn settled(promise: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?.dyn_into::<js_sys::Promise>()?).await
}
