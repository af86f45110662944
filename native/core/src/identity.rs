//! One person, many names: GitInspectorGUI's identity merging.
//!
//! Terms:
//! - **alias**: one (name, email) pair as commits carry it, after `.mailmap` (applied by the
//!   caller when reading signatures, as git does).
//! - **person**: a set of aliases merged transitively: an alias that shares its name or its email
//!   (case-insensitive) with any alias of a person joins that person. Empty names and emails never
//!   join anything (many tools write an empty email).
//! - **weight** of an alias: how often it occurs (we pass its number of commits).
//!
//! A person's display name is the heaviest name that looks like "First Last" (contains a space),
//! else the heaviest name; its email is the heaviest email. Ties break by the smaller string, so
//! results do not depend on input order.

use std::collections::HashMap;

/// One (name, email) pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Alias {
    pub name: String,
    pub email: String,
}

/// A merged identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Display name.
    pub name: String,
    /// Display email.
    pub email: String,
    /// Every alias of the person, sorted by name then email.
    pub aliases: Vec<Alias>,
}

/// The people found among a set of aliases, and which person each alias belongs to.
#[derive(Debug, Clone, Default)]
pub struct Identities {
    /// Sorted by display name (case-insensitive), then email.
    pub people: Vec<Person>,
    by_alias: HashMap<Alias, usize>,
}

impl Identities {
    /// The person index of an alias given to [`merge_identities`].
    pub fn person_of(&self, alias: &Alias) -> Option<usize> {
        self.by_alias.get(alias).copied()
    }
}

/// Merge aliases (each with its weight; repeated aliases add up) into people.
pub fn merge_identities(aliases: impl IntoIterator<Item = (Alias, u64)>) -> Identities {
    let mut weights: HashMap<Alias, u64> = HashMap::new();
    for (alias, weight) in aliases {
        *weights.entry(alias).or_default() += weight;
    }
    let mut list: Vec<(Alias, u64)> = weights.into_iter().collect();
    list.sort();

    let mut uf = UnionFind::new(list.len());
    let mut first_by_name: HashMap<String, usize> = HashMap::new();
    let mut first_by_email: HashMap<String, usize> = HashMap::new();
    for (i, (alias, _)) in list.iter().enumerate() {
        for (key, map) in [(&alias.name, &mut first_by_name), (&alias.email, &mut first_by_email)] {
            let key = key.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            match map.get(&key) {
                Some(&j) => uf.union(i, j),
                None => {
                    map.insert(key, i);
                }
            }
        }
    }

    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..list.len() {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut people: Vec<(Person, Vec<usize>)> = groups
        .into_values()
        .map(|members| {
            let mut names: HashMap<&str, u64> = HashMap::new();
            let mut emails: HashMap<&str, u64> = HashMap::new();
            for &m in &members {
                let (alias, w) = &list[m];
                *names.entry(alias.name.as_str()).or_default() += w;
                *emails.entry(alias.email.as_str()).or_default() += w;
            }
            let heaviest = |m: &HashMap<&str, u64>, filter: &dyn Fn(&str) -> bool| -> Option<String> {
                m.iter()
                    .filter(|(k, _)| filter(k))
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(k, _)| k.to_string())
            };
            let name = heaviest(&names, &|n| n.trim().contains(' '))
                .or_else(|| heaviest(&names, &|_| true))
                .unwrap_or_default();
            let email = heaviest(&emails, &|_| true).unwrap_or_default();
            let mut aliases: Vec<Alias> = members.iter().map(|&m| list[m].0.clone()).collect();
            aliases.sort();
            (Person { name, email, aliases }, members)
        })
        .collect();
    people.sort_by(|a, b| {
        a.0.name
            .to_lowercase()
            .cmp(&b.0.name.to_lowercase())
            .then_with(|| a.0.email.cmp(&b.0.email))
    });

    let mut by_alias = HashMap::new();
    for (p, (_, members)) in people.iter().enumerate() {
        for &m in members {
            by_alias.insert(list[m].0.clone(), p);
        }
    }
    Identities { people: people.into_iter().map(|(p, _)| p).collect(), by_alias }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index stays the root so the result is deterministic.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(name: &str, email: &str) -> Alias {
        Alias { name: name.into(), email: email.into() }
    }

    #[test]
    fn transitive_chain_and_display_choice() {
        let ids = merge_identities([
            (a("jdoe", "jd@work.com"), 5),
            (a("John Doe", "jd@work.com"), 1),
            (a("John Doe", "john@home.org"), 2),
            (a("Other", "o@x.org"), 1),
            (a("Nobody", ""), 1),
            (a("Somebody", ""), 1),
        ]);
        assert_eq!(ids.people.len(), 4);
        let p = ids.person_of(&a("jdoe", "jd@work.com")).unwrap();
        assert_eq!(ids.person_of(&a("John Doe", "john@home.org")), Some(p));
        assert_eq!(ids.people[p].name, "John Doe");
        assert_eq!(ids.people[p].email, "jd@work.com");
        assert_eq!(ids.people[p].aliases.len(), 3);
        assert_ne!(ids.person_of(&a("Nobody", "")), ids.person_of(&a("Somebody", "")));
    }
}
