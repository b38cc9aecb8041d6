//! Turning engine amounts into text, through the browser's `Intl.NumberFormat`.
//!
//! The user's locale decides grouping and symbols; the currency code comes from the
//! result. The decimal is passed to Intl as a *string* (Intl.NumberFormat v3 formats
//! strings exactly), so no amount ever goes through `f64` on its way to the screen (M1).

use js_sys::{Array, Function, Intl, Object, Reflect};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsValue;

/// Which formatter: an amount (the currency's minor places) or a unit price (which may
/// carry more places than the currency, M3).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Style {
    Amount,
    UnitPrice,
    Count,
    Percent,
}

thread_local! {
    /// Formatters are costly to build and a render formats hundreds of amounts.
    static FORMATTERS: RefCell<HashMap<(String, Style), Function>> = RefCell::new(HashMap::new());
}

fn formatter(currency: &str, style: Style) -> Option<Function> {
    let key = (currency.to_string(), style);
    if let Some(f) = FORMATTERS.with(|m| m.borrow().get(&key).cloned()) {
        return Some(f);
    }
    let options = Object::new();
    let set = |k: &str, v: JsValue| Reflect::set(&options, &JsValue::from_str(k), &v).ok();
    match style {
        Style::Amount | Style::UnitPrice => {
            set("style", JsValue::from_str("currency"))?;
            set("currency", JsValue::from_str(currency))?;
        }
        Style::Count => {
            set("maximumFractionDigits", JsValue::from_f64(0.0))?;
        }
        Style::Percent => {
            set("style", JsValue::from_str("percent"))?;
            set("maximumFractionDigits", JsValue::from_f64(10.0))?;
        }
    }
    if style == Style::UnitPrice {
        // Keep every place the engine has (up to 10), never round a unit price for show.
        set("maximumFractionDigits", JsValue::from_f64(10.0))?;
    }
    // An empty locale list means "the user's locale".
    let nf = Intl::NumberFormat::new(&Array::new(), &options);
    let f = nf.format();
    FORMATTERS.with(|m| m.borrow_mut().insert(key, f.clone()));
    Some(f)
}

fn format_with(value: &str, currency: &str, style: Style) -> Option<String> {
    formatter(currency, style)?
        .call1(&JsValue::UNDEFINED, &JsValue::from_str(value))
        .ok()?
        .as_string()
}

/// An amount in the result's currency, e.g. `$2,640.00` in en-US.
pub fn money(amount: Decimal, currency: &str) -> String {
    let s = amount.to_string();
    format_with(&s, currency, Style::Amount).unwrap_or_else(|| format!("{s} {currency}"))
}

/// A unit price with all its places (`$10.45`, `$4.8825`).
pub fn unit_price(amount: Decimal, currency: &str) -> String {
    let s = amount.normalize().to_string();
    format_with(&s, currency, Style::UnitPrice).unwrap_or_else(|| format!("{s} {currency}"))
}

/// A whole number with the locale's grouping (`1,000`).
pub fn count(n: impl ToString) -> String {
    let s = n.to_string();
    format_with(&s, "", Style::Count).unwrap_or(s)
}

/// A rate as a percentage in the user's locale, every place kept (`0.125` is `12.5%`).
pub fn percent(rate: Decimal) -> String {
    let s = rate.normalize().to_string();
    format_with(&s, "", Style::Percent).unwrap_or_else(|| format!("{s} (as a fraction)"))
}

/// A range of months as people write it: "month 3" or "months 1–12".
pub fn months(from: u32, to: u32) -> String {
    if from == to {
        format!("month {from}")
    } else {
        format!("months {from}–{to}")
    }
}
