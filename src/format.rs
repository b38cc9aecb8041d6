//! Amounts, counts and months to text through the browser's `Intl` API, as the engine's
//! `describe::Fmt`: every sentence the engine words is shown in the user's locale.
//!
//! Decimals are passed to Intl as *strings* (Intl.NumberFormat v3 formats strings
//! exactly), so no amount ever goes through `f64` on its way to the screen (M1).

use js_sys::{Array, Function, Intl, Object, Reflect};
use licalc_engine::describe::Fmt;
use licalc_engine::input::NumberLocale;
use licalc_engine::quote::CalendarMonth;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Which formatter: an amount (the currency's minor places), a unit price (which may
/// carry more places, M3), a count, a percentage or a month.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Style {
    Amount,
    UnitPrice,
    Count,
    Percent,
    Month,
}

/// The locale and currency display a page (or a widget) formats with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Locale {
    /// A BCP 47 tag; the browser's own locale when absent.
    pub tag: Option<Arc<str>>,
    /// Intl's `currencyDisplay`: `symbol` (default), `code`, `name` or `narrowSymbol`.
    pub currency_display: Option<Arc<str>>,
}

thread_local! {
    /// Formatters are costly to build and a render formats hundreds of amounts.
    static FORMATTERS: RefCell<HashMap<(Locale, String, Style), Function>> = RefCell::new(HashMap::new());
    /// What each number was written as, in one locale: an edit writes hundreds of
    /// figures again, most of them as they were, and a look-up here costs a fraction of
    /// a call into Intl. Keyed by the exact text Intl is given, so a figure reads as it
    /// would without the cache (a "-0" stays "-0").
    static WRITTEN: RefCell<Written> = RefCell::new(Written::default());
}

#[derive(Default)]
struct Written {
    /// The locale the texts below are in.
    of: Option<Locale>,
    texts: HashMap<(Style, &'static str, String), String>,
}

/// Enough for every figure of a large quote's screen; past it, the cache starts again.
const WRITTEN_MAX: usize = 4096;

/// `text` (a decimal, or a month as `YYYY-MM`) in `style`, from the cache or else from
/// Intl, given `arg(text)`: the value as Intl takes it.
fn written(
    locale: &Locale,
    currency: &'static str,
    style: Style,
    text: String,
    arg: impl FnOnce(&str) -> JsValue,
) -> Option<String> {
    let hit = WRITTEN.with(|w| {
        let mut w = w.borrow_mut();
        if w.of.as_ref() != Some(locale) {
            w.of = Some(locale.clone());
            w.texts.clear();
        }
        w.texts.get(&(style, currency, text.clone())).cloned()
    });
    if hit.is_some() {
        return hit;
    }
    let out = format_with(locale, &arg(&text), currency, style)?;
    WRITTEN.with(|w| {
        let mut w = w.borrow_mut();
        if w.texts.len() >= WRITTEN_MAX {
            w.texts.clear();
        }
        w.texts.insert((style, currency, text), out.clone());
    });
    Some(out)
}

fn locales(l: &Locale) -> Array {
    let a = Array::new();
    if let Some(t) = &l.tag {
        a.push(&JsValue::from_str(t));
    }
    a
}

fn formatter(locale: &Locale, currency: &str, style: Style) -> Option<Function> {
    let key = (locale.clone(), currency.to_string(), style);
    if let Some(f) = FORMATTERS.with(|m| m.borrow().get(&key).cloned()) {
        return Some(f);
    }
    let options = Object::new();
    let set = |k: &str, v: JsValue| Reflect::set(&options, &JsValue::from_str(k), &v).ok();
    let f = match style {
        Style::Month => {
            set("month", "short".into())?;
            set("year", "numeric".into())?;
            set("timeZone", "UTC".into())?;
            Intl::DateTimeFormat::new(&locales(locale), &options).format()
        }
        _ => {
            match style {
                Style::Amount | Style::UnitPrice => {
                    set("style", "currency".into())?;
                    set("currency", currency.into())?;
                    if let Some(d) = &locale.currency_display {
                        set("currencyDisplay", JsValue::from_str(d))?;
                    }
                }
                Style::Percent => {
                    set("style", "percent".into())?;
                }
                _ => {}
            }
            // Keep every place the engine has (up to 10): never round a unit price or a rate for show.
            match style {
                Style::UnitPrice | Style::Percent => set("maximumFractionDigits", 10.0.into())?,
                Style::Count => set("maximumFractionDigits", 0.0.into())?,
                _ => Some(true)?,
            };
            Intl::NumberFormat::new(&locales(locale), &options).format()
        }
    };
    FORMATTERS.with(|m| m.borrow_mut().insert(key, f.clone()));
    Some(f)
}

fn format_with(locale: &Locale, value: &JsValue, currency: &str, style: Style) -> Option<String> {
    formatter(locale, currency, style)?
        .call1(&JsValue::UNDEFINED, value)
        .ok()?
        .as_string()
}

/// The engine's `Fmt` for one result: its currency, its calendar start, the locale.
#[derive(Clone)]
pub struct IntlFmt {
    pub locale: Locale,
    pub currency: &'static str,
    pub start: Option<CalendarMonth>,
}

impl IntlFmt {
    /// A calendar month as the locale writes it short: "Mar 2011".
    pub fn calendar(&self, m: CalendarMonth) -> String {
        let date = |_: &str| {
            js_sys::Date::new(&JsValue::from_f64(js_sys::Date::utc(
                f64::from(m.year()),
                f64::from(m.month() - 1),
            )))
            .into()
        };
        written(&self.locale, "", Style::Month, m.to_string(), date)
            .unwrap_or_else(|| m.to_string())
    }

    /// Quote month `m` as a calendar month, if the quote has a start.
    pub fn calendar_of(&self, m: u32) -> Option<String> {
        self.start
            .map(|s| self.calendar(s.plus(m.saturating_sub(1))))
    }
}

impl Fmt for IntlFmt {
    fn money(&self, amount: Decimal) -> String {
        let s = amount.to_string();
        written(
            &self.locale,
            self.currency,
            Style::Amount,
            s.clone(),
            JsValue::from_str,
        )
        .unwrap_or_else(|| format!("{s} {}", self.currency))
    }
    fn price(&self, amount: Decimal) -> String {
        let s = amount.normalize().to_string();
        written(
            &self.locale,
            self.currency,
            Style::UnitPrice,
            s.clone(),
            JsValue::from_str,
        )
        .unwrap_or_else(|| format!("{s} {}", self.currency))
    }
    fn count(&self, n: u64) -> String {
        let s = n.to_string();
        written(&self.locale, "", Style::Count, s.clone(), JsValue::from_str).unwrap_or(s)
    }
    fn percent(&self, rate: Decimal) -> String {
        let s = rate.normalize().to_string();
        format_with(&self.locale, &JsValue::from_str(&s), "", Style::Percent)
            .unwrap_or_else(|| format!("{s} (as a fraction)"))
    }
    fn month(&self, m: u32) -> String {
        match self.calendar_of(m) {
            Some(c) => format!("month {m}, {c}"),
            None => format!("month {m}"),
        }
    }
    fn months(&self, from: u32, to: u32) -> String {
        if from == to {
            return self.month(from);
        }
        match (self.calendar_of(from), self.calendar_of(to)) {
            (Some(a), Some(b)) => format!("months {from}–{to}, {a} – {b}"),
            _ => format!("months {from}–{to}"),
        }
    }
}

/// The characters this locale groups thousands and marks decimals with, from
/// `Intl.NumberFormat.formatToParts(1234.5)`, so "1.200" in de-DE reads as 1200.
pub fn number_locale(locale: &Locale) -> NumberLocale {
    let nf = Intl::NumberFormat::new(&locales(locale), &Object::new());
    let parts = nf.format_to_parts(1234.5);
    let mut found = NumberLocale::PLAIN;
    for p in parts.iter() {
        let get = |k: &str| {
            Reflect::get(&p, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let value = get("value").chars().next();
        match (get("type").as_str(), value) {
            ("group", Some(c)) => found.group = c,
            ("decimal", Some(c)) => found.decimal = c,
            _ => {}
        }
    }
    found
}
