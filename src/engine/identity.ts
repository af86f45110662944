// Identity merging (GitInspectorGUI's rule), the same in both engines.
// After .mailmap, two (name, email) pairs are one person when they share the name or the email,
// transitively. Names and emails compare trimmed and case-insensitively; an empty name or email
// joins nothing. The person's display name is the most used alias name of "First Last" form (the
// trimmed name contains a space), else the most used name; ties go to the smaller string. The email
// is the most used email, ties the smaller string. "Most used" counts commits. People sort by
// lower-cased display name, then email. (native/core/src/identity.rs follows the same rules.)

export interface Identity {
  name: string;
  email: string;
}

export interface Person {
  name: string;
  email: string;
  /** Every (name, email) merged into this person, sorted by name then email. */
  aliases: Identity[];
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function identityKey(i: Identity): string {
  return `${i.name}\0${i.email}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFirstLast(name: string): boolean {
  return name.trim().includes(' ');
}

function pickMostUsed(counts: Map<string, number>, prefer?: (s: string) => boolean): string {
  let best: string | undefined;
  let bestCount = -1;
  let bestPreferred = false;
  for (const [value, count] of [...counts].sort((a, b) => compareStrings(a[0], b[0]))) {
    const preferred = prefer ? prefer(value) : false;
    if (
      best === undefined ||
      (preferred && !bestPreferred) ||
      (preferred === bestPreferred && count > bestCount)
    ) {
      best = value;
      bestCount = count;
      bestPreferred = preferred;
    }
  }
  return best ?? '';
}

export class IdentityMerger {
  private parent = new Map<string, string>();
  private identities = new Map<string, { identity: Identity; weight: number }>();

  private find(x: string): string {
    let root = x;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    let cur = x;
    while (cur !== root) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  private union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }

  private node(key: string): string {
    if (!this.parent.has(key)) this.parent.set(key, key);
    return key;
  }

  /** Records one use (one commit) of an identity. */
  add(identity: Identity, weight = 1): void {
    const key = identityKey(identity);
    const entry = this.identities.get(key);
    if (entry) entry.weight += weight;
    else this.identities.set(key, { identity: { ...identity }, weight });
    const self = this.node(`i:${key}`);
    const n = normalizeName(identity.name);
    const e = normalizeEmail(identity.email);
    if (n) this.union(self, this.node(`n:${n}`));
    if (e) this.union(self, this.node(`e:${e}`));
  }

  /** The people, sorted by display name then email, and a lookup from identity to person index. */
  merge(): { people: Person[]; personOf: (identity: Identity) => number } {
    const groups = new Map<string, { identity: Identity; weight: number }[]>();
    for (const [key, entry] of this.identities) {
      const root = this.find(`i:${key}`);
      let group = groups.get(root);
      if (!group) groups.set(root, (group = []));
      group.push(entry);
    }
    const built: { person: Person; keys: string[] }[] = [];
    for (const group of groups.values()) {
      const names = new Map<string, number>();
      const emails = new Map<string, number>();
      for (const { identity, weight } of group) {
        names.set(identity.name, (names.get(identity.name) ?? 0) + weight);
        emails.set(identity.email, (emails.get(identity.email) ?? 0) + weight);
      }
      const aliases = group
        .map((g) => g.identity)
        .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.email, b.email));
      built.push({
        person: { name: pickMostUsed(names, isFirstLast), email: pickMostUsed(emails), aliases },
        keys: group.map((g) => identityKey(g.identity)),
      });
    }
    built.sort((a, b) => compareStrings(a.person.name.toLowerCase(), b.person.name.toLowerCase()) || compareStrings(a.person.email, b.person.email));
    const index = new Map<string, number>();
    built.forEach((b, i) => b.keys.forEach((k) => index.set(k, i)));
    return {
      people: built.map((b) => b.person),
      personOf: (identity) => {
        const i = index.get(identityKey(identity));
        if (i === undefined) throw new Error(`BUG: identity not added: ${identity.name} <${identity.email}>`);
        return i;
      },
    };
  }
}
