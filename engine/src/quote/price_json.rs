//! Reading a service line's price (S1) and its units from JSON by hand. serde's derive
//! for an internally tagged enum (`"kind"`) and an untagged one buffers each object
//! into a generic `Content` tree first; that machinery was about 27 KB of the wasm. This
//! reads the object once, field by field, with serde's own wording for every refusal
//! (unknown variant, unknown, duplicate and missing fields), and points at the value
//! that is wrong rather than at the end of its object.

use super::{ServicePrice, Units};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

#[derive(Clone, Copy)]
enum Kind {
    Fixed,
    PerUnit,
    Monthly,
    MonthlyPerUnit,
}

const KINDS: &[&str] = &["fixed", "per_unit", "monthly", "monthly_per_unit"];

impl Kind {
    /// Read as a string, so a number or anything else is named for what it is.
    fn read<E: de::Error>(name: &str) -> Result<Kind, E> {
        Ok(match name {
            "fixed" => Kind::Fixed,
            "per_unit" => Kind::PerUnit,
            "monthly" => Kind::Monthly,
            "monthly_per_unit" => Kind::MonthlyPerUnit,
            other => return Err(E::unknown_variant(other, KINDS)),
        })
    }

    /// The fields each form takes besides `kind`, as serde's derive listed them.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Fixed => &["month", "amount"],
            Kind::PerUnit => &["month", "unit_price", "units"],
            Kind::Monthly => &["from_month", "to_month", "amount"],
            Kind::MonthlyPerUnit => &["from_month", "to_month", "unit_price", "units"],
        }
    }
}

/// An amount written as a decimal string (M1), as every amount in a quote is.
#[derive(Deserialize)]
struct StrDecimal(#[serde(with = "rust_decimal::serde::str")] Decimal);

/// Every field any form has, as read; which ones a form may have is checked after.
#[derive(Default)]
struct Fields {
    kind: Option<Kind>,
    month: Option<u32>,
    from_month: Option<u32>,
    to_month: Option<Option<u32>>,
    amount: Option<Decimal>,
    unit_price: Option<Decimal>,
    units: Option<Units>,
    /// The first key no form has.
    unknown: Option<String>,
}

fn need<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

impl Fields {
    fn read<'de, A: MapAccess<'de>>(mut map: A) -> Result<Fields, A::Error> {
        let mut f = Fields::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => {
                    let kind = Kind::read(&map.next_value::<String>()?)?;
                    once(&mut f.kind, kind, "kind")?
                }
                "month" => once(&mut f.month, map.next_value()?, "month")?,
                "from_month" => once(&mut f.from_month, map.next_value()?, "from_month")?,
                "to_month" => once(&mut f.to_month, map.next_value()?, "to_month")?,
                "amount" => once(&mut f.amount, map.next_value::<StrDecimal>()?.0, "amount")?,
                "unit_price" => once(
                    &mut f.unit_price,
                    map.next_value::<StrDecimal>()?.0,
                    "unit_price",
                )?,
                "units" => once(&mut f.units, map.next_value()?, "units")?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    f.unknown.get_or_insert(key);
                }
            }
        }
        Ok(f)
    }

    /// The array form serde's derive also read: the kind, then the form's fields in
    /// their order (`["fixed", 1, "10.50"]`). Nothing writes it; it still reads.
    fn read_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Fields, A::Error> {
        let expected = "a kind and then its fields in order";
        let kind = seq
            .next_element::<String>()?
            .ok_or_else(|| de::Error::invalid_length(0, &expected))?;
        let kind = Kind::read(&kind)?;
        let mut f = Fields {
            kind: Some(kind),
            ..Fields::default()
        };
        for (i, &name) in kind.fields().iter().enumerate() {
            let found = match name {
                "month" => seq.next_element()?.map(|v| f.month = Some(v)),
                "from_month" => seq.next_element()?.map(|v| f.from_month = Some(v)),
                "to_month" => seq.next_element()?.map(|v| f.to_month = Some(v)),
                "amount" => seq
                    .next_element::<StrDecimal>()?
                    .map(|v| f.amount = Some(v.0)),
                "unit_price" => seq
                    .next_element::<StrDecimal>()?
                    .map(|v| f.unit_price = Some(v.0)),
                _ => seq.next_element()?.map(|v| f.units = Some(v)),
            };
            if found.is_none() {
                return Err(de::Error::invalid_length(i + 1, &expected));
            }
        }
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(
                kind.fields().len() + 2,
                &expected,
            ));
        }
        Ok(f)
    }

    /// The fields present, by name, for the check against a form's own.
    fn present(&self) -> [(&'static str, bool); 6] {
        [
            ("month", self.month.is_some()),
            ("from_month", self.from_month.is_some()),
            ("to_month", self.to_month.is_some()),
            ("amount", self.amount.is_some()),
            ("unit_price", self.unit_price.is_some()),
            ("units", self.units.is_some()),
        ]
    }

    fn price<E: de::Error>(self) -> Result<ServicePrice, E> {
        let kind = self.kind.ok_or_else(|| E::missing_field("kind"))?;
        let allowed = kind.fields();
        if let Some(k) = &self.unknown {
            return Err(E::unknown_field(k, allowed));
        }
        if let Some((name, _)) = self
            .present()
            .into_iter()
            .find(|&(name, here)| here && !allowed.contains(&name))
        {
            return Err(E::unknown_field(name, allowed));
        }
        let to_month = self.to_month.flatten();
        Ok(match kind {
            Kind::Fixed => ServicePrice::Fixed {
                month: need(self.month, "month")?,
                amount: need(self.amount, "amount")?,
            },
            Kind::PerUnit => ServicePrice::PerUnit {
                month: need(self.month, "month")?,
                unit_price: need(self.unit_price, "unit_price")?,
                units: need(self.units, "units")?,
            },
            Kind::Monthly => ServicePrice::Monthly {
                from_month: need(self.from_month, "from_month")?,
                to_month,
                amount: need(self.amount, "amount")?,
            },
            Kind::MonthlyPerUnit => ServicePrice::MonthlyPerUnit {
                from_month: need(self.from_month, "from_month")?,
                to_month,
                unit_price: need(self.unit_price, "unit_price")?,
                units: need(self.units, "units")?,
            },
        })
    }
}

struct PriceVisitor;

impl<'de> Visitor<'de> for PriceVisitor {
    type Value = ServicePrice;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a service price: an object with its \"kind\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ServicePrice, A::Error> {
        Fields::read(map)?.price()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ServicePrice, A::Error> {
        Fields::read_seq(seq)?.price()
    }
}

impl<'de> Deserialize<'de> for ServicePrice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ServicePrice, D::Error> {
        d.deserialize_any(PriceVisitor)
    }
}

struct UnitsVisitor;

impl<'de> Visitor<'de> for UnitsVisitor {
    type Value = Units;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number of units or {\"transaction\": \"<id>\"}")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Units, E> {
        u32::try_from(v)
            .map(Units::Count)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Units, E> {
        u64::try_from(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            .and_then(|v| self.visit_u64(v))
    }
    /// Other keys beside `transaction` are passed over, as the derive did.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Units, A::Error> {
        let mut transaction = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "transaction" {
                once(&mut transaction, map.next_value::<String>()?, "transaction")?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let transaction = transaction.ok_or_else(|| de::Error::missing_field("transaction"))?;
        Ok(Units::Follow { transaction })
    }
}

impl<'de> Deserialize<'de> for Units {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Units, D::Error> {
        d.deserialize_any(UnitsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<ServicePrice, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// Every form reads as the derive read it, and what is written reads back the same.
    #[test]
    fn every_form_reads_and_round_trips() {
        let follow = || Units::Follow {
            transaction: "t1".into(),
        };
        let cases = [
            (
                r#"{"month":1,"amount":"10.50","kind":"fixed"}"#,
                ServicePrice::Fixed {
                    month: 1,
                    amount: Decimal::new(1050, 2),
                },
            ),
            (
                r#"{"kind":"per_unit","month":2,"unit_price":"3","units":5}"#,
                ServicePrice::PerUnit {
                    month: 2,
                    unit_price: Decimal::new(3, 0),
                    units: Units::Count(5),
                },
            ),
            (
                r#"{"kind":"monthly","from_month":2,"to_month":null,"amount":"7"}"#,
                ServicePrice::Monthly {
                    from_month: 2,
                    to_month: None,
                    amount: Decimal::new(7, 0),
                },
            ),
            (
                r#"{"kind":"monthly_per_unit","from_month":1,"to_month":9,"unit_price":"2.25","units":{"transaction":"t1","note":1}}"#,
                ServicePrice::MonthlyPerUnit {
                    from_month: 1,
                    to_month: Some(9),
                    unit_price: Decimal::new(225, 2),
                    units: follow(),
                },
            ),
        ];
        let arrays = [
            (
                r#"["fixed",1,"10.50"]"#,
                ServicePrice::Fixed {
                    month: 1,
                    amount: Decimal::new(1050, 2),
                },
            ),
            (
                r#"["monthly",2,null,"7"]"#,
                ServicePrice::Monthly {
                    from_month: 2,
                    to_month: None,
                    amount: Decimal::new(7, 0),
                },
            ),
        ];
        for (json, want) in arrays {
            assert_eq!(read(json), Ok(want), "{json}");
        }
        for bad in [r#"["fixed",1]"#, r#"["fixed",1,"2",3]"#, "[]"] {
            assert!(
                read(bad).unwrap_err().starts_with("invalid length"),
                "{bad}"
            );
        }
        for (json, want) in cases {
            assert_eq!(read(json).as_ref(), Ok(&want), "{json}");
            let written = serde_json::to_string(&want).unwrap();
            assert_eq!(read(&written), Ok(want), "{written}");
        }
    }

    /// Refusals in serde's words, at the value that is wrong (line 1, the column after it).
    #[test]
    fn refusals_name_the_field_and_the_form() {
        let cases = [
            (r#"{"month":1,"amount":"1"}"#, "missing field `kind` at line 1 column 24"),
            (
                r#"{"kind":"weekly"}"#,
                "unknown variant `weekly`, expected one of `fixed`, `per_unit`, `monthly`, `monthly_per_unit` at line 1 column 17",
            ),
            (r#"{"kind":1}"#, "invalid type: integer `1`, expected a string at line 1 column 9"),
            (
                r#"{"kind":"fixed","month":1,"amount":"1","units":3}"#,
                "unknown field `units`, expected `month` or `amount` at line 1 column 49",
            ),
            (
                r#"{"kind":"fixed","month":1,"amount":"1","foo":1}"#,
                "unknown field `foo`, expected `month` or `amount` at line 1 column 47",
            ),
            (r#"{"kind":"fixed","month":1}"#, "missing field `amount` at line 1 column 26"),
            (
                r#"{"kind":"fixed","month":1,"month":2,"amount":"1"}"#,
                "duplicate field `month` at line 1 column 35",
            ),
            (
                r#"{"kind":"per_unit","month":2,"unit_price":"3","units":-1}"#,
                "invalid value: integer `-1`, expected a whole number of units or {\"transaction\": \"<id>\"} at line 1 column 56",
            ),
            (
                r#"{"kind":"per_unit","month":2,"unit_price":"3","units":{}}"#,
                "missing field `transaction` at line 1 column 56",
            ),
            (
                r#""fixed""#,
                "invalid type: string \"fixed\", expected a service price: an object with its \"kind\" at line 1 column 7",
            ),
        ];
        for (json, want) in cases {
            assert_eq!(read(json), Err(want.to_string()), "{json}");
        }
    }
}
