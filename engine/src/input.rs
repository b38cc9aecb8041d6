//! Parsing what people type, shared by the engine's checks and the app's fields so a
//! bad value gets the same message everywhere (worded in `describe`).
//!
//! Numbers follow the typist's locale: "1.200" is twelve hundred in de-DE and "1,200" in
//! en-US ([`NumberLocale`]). JSON documents always use the plain form ([`NumberLocale::PLAIN`]).

use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

/// Why a typed value is not a number the field accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum InputError {
    Empty,
    NotANumber {
        text: String,
    },
    Negative,
    Fraction,
    /// Above `u32::MAX` for a count, or more than 28 digits for a decimal.
    TooLarge,
    /// A rate or discount is a fraction between 0 and 1.
    RateAboveOne,
}

/// The characters a locale groups thousands with and writes the decimal point as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberLocale {
    pub group: char,
    pub decimal: char,
}

impl NumberLocale {
    /// The form JSON and the CLI use: `1200.50`, with `,` accepted as a group separator.
    pub const PLAIN: NumberLocale = NumberLocale {
        group: ',',
        decimal: '.',
    };

    /// The text with group separators and spaces removed and the decimal point as `.`;
    /// `None` when a character is neither a digit, a sign nor a separator.
    fn normalise(self, input: &str) -> Option<String> {
        let mut out = String::with_capacity(input.len());
        for c in input.trim().chars() {
            match c {
                '0'..='9' | '-' | '+' => out.push(c),
                c if c == self.decimal => out.push('.'),
                c if c == self.group => {}
                // Spaces (incl. no-break ones) group digits in many locales.
                ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’' => {}
                _ => return None,
            }
        }
        Some(out)
    }

    /// A whole number of units or months, as typed (`"250"`, `" 1,000 "`).
    pub fn parse_count(self, input: &str) -> Result<u32, InputError> {
        if input.trim().is_empty() {
            return Err(InputError::Empty);
        }
        let not_a_number = || InputError::NotANumber {
            text: input.trim().to_string(),
        };
        let s = self.normalise(input).ok_or_else(not_a_number)?;
        if s.starts_with('-') {
            return Err(InputError::Negative);
        }
        if s.contains('.') {
            return Err(InputError::Fraction);
        }
        let digits = s.strip_prefix('+').unwrap_or(&s);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_number());
        }
        digits.parse::<u32>().map_err(|_| InputError::TooLarge)
    }

    /// A decimal amount or rate, as typed (`"10.00"`, `"0,12"` in de-DE). Never via `f64`.
    pub fn parse_decimal(self, input: &str) -> Result<Decimal, InputError> {
        if input.trim().is_empty() {
            return Err(InputError::Empty);
        }
        let not_a_number = || InputError::NotANumber {
            text: input.trim().to_string(),
        };
        let s = self.normalise(input).ok_or_else(not_a_number)?;
        Decimal::from_str(&s).map_err(|_| {
            if s.bytes().filter(u8::is_ascii_digit).count() > 28 {
                InputError::TooLarge
            } else {
                not_a_number()
            }
        })
    }
}

/// [`NumberLocale::PLAIN`]'s count parser, for values read from JSON or the CLI.
pub fn parse_count(input: &str) -> Result<u32, InputError> {
    NumberLocale::PLAIN.parse_count(input)
}

/// [`NumberLocale::PLAIN`]'s decimal parser.
pub fn parse_decimal(input: &str) -> Result<Decimal, InputError> {
    NumberLocale::PLAIN.parse_decimal(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DE: NumberLocale = NumberLocale {
        group: '.',
        decimal: ',',
    };

    #[test]
    fn counts_reject_what_is_not_a_whole_non_negative_number() {
        assert_eq!(parse_count(" 1,000 "), Ok(1000));
        assert_eq!(parse_count("+5"), Ok(5));
        assert_eq!(parse_count(""), Err(InputError::Empty));
        assert!(matches!(
            parse_count("abc"),
            Err(InputError::NotANumber { .. })
        ));
        assert_eq!(parse_count("-3"), Err(InputError::Negative));
        assert_eq!(parse_count("2.5"), Err(InputError::Fraction));
        assert_eq!(
            parse_count("1000000000000000000000000000000"),
            Err(InputError::TooLarge)
        );
        assert!(parse_count("1e30").is_err());
        assert!(parse_count("+").is_err());
    }

    #[test]
    fn decimals_are_exact_and_bounded() {
        assert_eq!(parse_decimal("10.05").unwrap().to_string(), "10.05");
        assert!(parse_decimal("ten").is_err());
        assert_eq!(
            parse_decimal("1000000000000000000000000000000"),
            Err(InputError::TooLarge)
        );
        assert_eq!(parse_decimal(""), Err(InputError::Empty));
    }

    #[test]
    fn numbers_follow_the_typists_locale() {
        assert_eq!(DE.parse_count("1.200"), Ok(1200));
        assert_eq!(DE.parse_count("1 200"), Ok(1200));
        assert_eq!(DE.parse_count("1,5"), Err(InputError::Fraction));
        assert_eq!(DE.parse_decimal("10,50").unwrap().to_string(), "10.50");
        assert_eq!(DE.parse_decimal("1.234,5").unwrap().to_string(), "1234.5");
        assert_eq!(NumberLocale::PLAIN.parse_count("1,200"), Ok(1200));
        assert_eq!(
            NumberLocale::PLAIN.parse_count("1.200"),
            Err(InputError::Fraction)
        );
        let fr = NumberLocale {
            group: '\u{202f}',
            decimal: ',',
        };
        assert_eq!(fr.parse_count("12\u{202f}000"), Ok(12000));
    }
}
