//! A map from string ids (DOM ids, transaction ids) to values, kept as a list sorted by
//! id. The app's maps hold a few hundred entries at most and are read far more than
//! written; a hash map or a B-tree compiles its code again for every value type, and
//! that code weighed more in the wasm than these maps ever hold.

/// Entries in id order, one per id.
#[derive(Clone, Debug, PartialEq)]
pub struct ById<V>(Vec<(String, V)>);

impl<V> Default for ById<V> {
    fn default() -> Self {
        ById(Vec::new())
    }
}

impl<V> ById<V> {
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    /// Sets the value of `id`, replacing any it had.
    pub fn insert(&mut self, id: String, value: V) {
        match self.find(&id) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (id, value)),
        }
    }

    /// The value of `id`, made with `first` if it has none yet.
    pub fn get_or_insert_with(&mut self, id: String, first: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&id) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (id, first()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn get(&self, id: &str) -> Option<&V> {
        self.find(id).ok().map(|i| &self.0[i].1)
    }

    pub fn remove(&mut self, id: &str) -> Option<V> {
        self.find(id).ok().map(|i| self.0.remove(i).1)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// In id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::ById;

    /// One entry per id, in id order whatever order they came in, the latest value for
    /// each; removing an id that was never there changes nothing.
    #[test]
    fn keeps_one_entry_per_id_in_id_order() {
        let mut m = ById::default();
        assert!(m.is_empty());
        for (id, v) in [("tx-2", 1), ("customer", 2), ("tx-10", 3), ("customer", 4)] {
            m.insert(id.to_string(), v);
        }
        *m.get_or_insert_with("tx-2".into(), || 0) += 10;
        *m.get_or_insert_with("a-first".into(), || 7) += 1;
        let listed: Vec<_> = m.iter().map(|(k, v)| (k, *v)).collect();
        assert_eq!(
            listed,
            [("a-first", 8), ("customer", 4), ("tx-10", 3), ("tx-2", 11)]
        );
        assert_eq!(m.get("tx-10"), Some(&3));
        assert!(m.contains_key("customer"));
        assert_eq!(m.remove("never-there"), None);
        assert_eq!(m.remove("customer"), Some(4));
        assert!(!m.contains_key("customer") && m.get("customer").is_none());
        for id in ["a-first", "tx-10", "tx-2"] {
            assert!(m.remove(id).is_some());
        }
        assert!(m.is_empty());
    }
}
