//! Money rules M1-M2: exact decimals, rounded half away from zero to the currency's
//! minor unit. Every amount a user sees is made by [`Currency::round`], so it always
//! carries exactly the currency's minor places ("1000.00", never "1000").

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency the engine knows the minor unit of.
///
/// The list is deliberately closed: a price book in an unknown currency is an error
/// (we would otherwise have to guess how many places to round to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct Currency {
    code: &'static str,
    minor_places: u32,
}

/// ISO 4217 codes with their minor units (the currencies Microsoft volume licensing
/// price lists have been published in, plus the common others).
const CURRENCIES: &[(&str, u32)] = &[
    ("AUD", 2),
    ("BHD", 3),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PHP", 2),
    ("PLN", 2),
    ("RON", 2),
    ("RUB", 2),
    ("SAR", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TRY", 2),
    ("TWD", 2),
    ("UAH", 2),
    ("USD", 2),
    ("VND", 0),
    ("ZAR", 2),
];

impl Currency {
    /// Looks up an ISO 4217 code (upper case, as the standard writes it).
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|&(code, minor_places)| Currency { code, minor_places })
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Digits after the decimal point of the minor unit (2 for USD, 0 for JPY).
    pub fn minor_places(&self) -> u32 {
        self.minor_places
    }

    /// Zero with the currency's scale, so that sums of no rows still print "0.00".
    pub fn zero(&self) -> Decimal {
        Decimal::new(0, self.minor_places)
    }

    /// M2: half away from zero, then padded to exactly the minor places.
    /// (`Decimal::round_dp` alone would round half to even: E4's 1.605 must give 1.61.)
    pub fn round(&self, amount: Decimal) -> Decimal {
        let places = self.minor_places;
        if let Some(rounded) = round_places(amount, places) {
            return rounded;
        }
        let mut rounded =
            amount.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(places);
        rounded
    }

    /// Half a minor unit: the most a single rounded row can differ from its exact value.
    pub fn half_minor_unit(&self) -> Decimal {
        Decimal::new(5, self.minor_places + 1)
    }
}

/// [`Currency::round`]'s common case in one integer division: rust_decimal's general
/// rounding was a sixth of a large quote's time. `None` (the general path) for a result
/// of zero, whose sign rust_decimal decides, and for what does not fit.
fn round_places(amount: Decimal, places: u32) -> Option<Decimal> {
    let scale = amount.scale();
    if scale <= places {
        let mut padded = amount;
        padded.rescale(places);
        return Some(padded);
    }
    let m = amount.mantissa();
    // Most amounts fit 64 bits, whose division the wasm does in one instruction (128-bit
    // division is a library call there).
    if let (Ok(m), Some(&unit)) = (i64::try_from(m), POW10.get((scale - places) as usize)) {
        let (q, r) = (m / unit, m % unit);
        let q = if 2 * r.unsigned_abs() >= unit.unsigned_abs() {
            q + m.signum()
        } else {
            q
        };
        return (q != 0).then(|| Decimal::new(q, places));
    }
    let unit = 10i128.checked_pow(scale - places)?;
    let (q, r) = (m / unit, m % unit);
    let q = if 2 * r.abs() >= unit {
        q + m.signum()
    } else {
        q
    };
    if q == 0 {
        return None;
    }
    Decimal::try_from_i128_with_scale(q, places).ok()
}

/// The powers of ten a 64-bit integer holds, 10^0 to 10^18.
const POW10: [i64; 19] = {
    let mut table = [1i64; 19];
    let mut i = 1;
    while i < table.len() {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

impl Currency {
    /// M2 of a product, `round(mul(a, b))`, without rust_decimal's general multiply when
    /// both mantissas and their product fit 64 bits: that product, at the sum of the
    /// scales, is exactly what `mul` gives (a zero, whose sign and scale rust_decimal
    /// decides, and a scale over 28, where `mul` rounds, take its path). A fee row (M4)
    /// is one, thousands of times a computation.
    pub(crate) fn round_product(&self, a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
        let scale = a.scale() + b.scale();
        let (x, y) = (i64::try_from(a.mantissa()), i64::try_from(b.mantissa()));
        if let (Ok(x), Ok(y), true) = (x, y, scale <= 28) {
            if let Some(m) = x.checked_mul(y).filter(|&m| m != 0) {
                return Ok(self.round(Decimal::new(m, scale)));
            }
        }
        mul(a, b).map(|x| self.round(x))
    }
}

/// A currency code the engine does not know, as written (worded by `describe`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCurrency {
    pub text: String,
}

impl TryFrom<String> for Currency {
    type Error = UnknownCurrency;
    fn try_from(text: String) -> Result<Self, UnknownCurrency> {
        Currency::from_code(&text).ok_or(UnknownCurrency { text })
    }
}

/// An unknown code is refused typed: `parse_json` makes it an `unknown_currency` problem.
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Currency::from_code(&text).ok_or_else(|| crate::problem::Refusal::Currency.error(&text))
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code.to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// Arithmetic that reports overflow instead of panicking: a quote with absurd figures
/// must come back as an error, never kill the page (a panic in wasm does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_mul(b).ok_or(Overflow)
}

pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_add(b).ok_or(Overflow)
}

pub(crate) fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_sub(b).ok_or(Overflow)
}

/// Sum that fails on overflow rather than wrapping or panicking.
pub(crate) fn sum<I: IntoIterator<Item = Decimal>>(
    zero: Decimal,
    items: I,
) -> Result<Decimal, Overflow> {
    items.into_iter().try_fold(zero, add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    proptest::proptest! {
        /// M2: the fast path gives what rust_decimal's own rounding gives, to the digit
        /// and the sign, for any mantissa and scale and every minor unit in use.
        #[test]
        fn m2_fast_rounding_equals_rust_decimals(
            m in -(1i128 << 95)..(1i128 << 95),
            small in -100_000i64..100_000,
            mid in proptest::num::i64::ANY,
            scale in 0u32..=28,
            places in proptest::sample::select(vec![0u32, 2, 3]),
        ) {
            for m in [m, i128::from(small), i128::from(mid)] {
                let x = Decimal::from_i128_with_scale(m, scale);
                let code = match places { 0 => "JPY", 2 => "USD", _ => "KWD" };
                let fast = Currency::from_code(code).unwrap().round(x);
                let mut slow = x.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
                slow.rescale(places);
                proptest::prop_assert_eq!(fast.to_string(), slow.to_string());
                proptest::prop_assert_eq!(fast.is_sign_negative(), slow.is_sign_negative());
            }
        }
    }

    proptest::proptest! {
        /// M2 of a product in integers gives what rounding rust_decimal's product
        /// gives: the same digits, places and sign, zeros and negatives included.
        #[test]
        fn m2_rounded_products_equal_rounding_rust_decimals(
            a in proptest::num::i64::ANY,
            b in -10_000_000_000i64..10_000_000_000,
            small in -2_000i64..2_000,
            sa in 0u32..=28,
            sb in 0u32..=28,
            places in proptest::sample::select(vec![0u32, 2, 3]),
        ) {
            let code = match places { 0 => "JPY", 2 => "USD", _ => "KWD" };
            let c = Currency::from_code(code).unwrap();
            for (x, y) in [(a, b), (b, small), (small, small), (a, 0), (0, -small), (small, a), (-small, b)] {
                let (x, y) = (Decimal::new(x, sa), Decimal::new(y, sb));
                let fast = c.round_product(x, y).map(|d| (d.to_string(), d.is_sign_negative()));
                let slow = mul(x, y).map(|p| c.round(p)).map(|d| (d.to_string(), d.is_sign_negative()));
                proptest::prop_assert_eq!(fast, slow);
            }
        }
    }

    #[test]
    fn m2_rounds_half_away_from_zero_not_to_even() {
        let usd = Currency::from_code("USD").unwrap();
        assert_eq!(usd.round(d("1.605")).to_string(), "1.61");
        assert_eq!(usd.round(d("1.615")).to_string(), "1.62");
        assert_eq!(usd.round(d("-1.605")).to_string(), "-1.61");
        assert_eq!(usd.round(d("1.6049")).to_string(), "1.60");
    }

    #[test]
    fn m1_rounds_to_the_currency_minor_unit_and_pads() {
        let usd = Currency::from_code("USD").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let bhd = Currency::from_code("BHD").unwrap();
        assert_eq!(usd.round(d("1000")).to_string(), "1000.00");
        assert_eq!(jpy.round(d("1234.5")).to_string(), "1235");
        assert_eq!(bhd.round(d("1.0005")).to_string(), "1.001");
        assert_eq!(usd.zero().to_string(), "0.00");
    }

    #[test]
    fn unknown_currency_is_rejected_typed_and_worded_by_describe() {
        let err = Currency::try_from("XYZ".to_string()).unwrap_err();
        assert_eq!(err, UnknownCurrency { text: "XYZ".into() });
        assert!(
            Currency::from_code("usd").is_none(),
            "ISO codes are upper case"
        );
        // Read from JSON, the code is its own problem, worded in `describe`.
        let json = crate::book::DEFAULT_BOOK_JSON.replacen("\"USD\"", "\"XYZ\"", 1);
        let p = crate::PriceBook::from_json(&json).unwrap_err().remove(0);
        assert_eq!(
            p.kind,
            crate::ProblemKind::UnknownCurrency { text: "XYZ".into() }
        );
        assert_eq!(
            crate::describe::problem(&p).plain(),
            "unknown currency code \"XYZ\": use an ISO 4217 code such as USD, EUR, GBP or JPY"
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        assert_eq!(mul(Decimal::MAX, d("2")), Err(Overflow));
        assert_eq!(add(Decimal::MAX, Decimal::MAX), Err(Overflow));
    }
}
