// git's C-style path quoting (quote.c: quote_c_style / write_name_quoted) and its inverse.
// With core.quotePath (the default) every byte >= 0x80 is written as a three-digit octal escape.

/** Per byte: the escape letter, 'octal', or undefined when the byte is written as is. */
function escapeFor(byte: number, quotePath: boolean): string | undefined {
  switch (byte) {
    case 0x07: return 'a';
    case 0x08: return 'b';
    case 0x09: return 't';
    case 0x0a: return 'n';
    case 0x0b: return 'v';
    case 0x0c: return 'f';
    case 0x0d: return 'r';
    case 0x22: return '"';
    case 0x5c: return '\\';
  }
  if (byte < 0x20 || byte === 0x7f) return 'octal';
  if (byte >= 0x80 && quotePath) return 'octal';
  return undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** The bytes git writes for `name`: unchanged, or wrapped in double quotes with escapes. */
export function quoteCStyle(name: Uint8Array | string, quotePath = true): Uint8Array {
  const bytes = typeof name === 'string' ? encoder.encode(name) : name;
  if (!bytes.some((b) => escapeFor(b, quotePath) !== undefined)) return bytes;
  const out: number[] = [0x22];
  for (const b of bytes) {
    const esc = escapeFor(b, quotePath);
    if (esc === undefined) out.push(b);
    else if (esc === 'octal') {
      out.push(0x5c, 0x30 + ((b >> 6) & 3), 0x30 + ((b >> 3) & 7), 0x30 + (b & 7));
    } else out.push(0x5c, esc.charCodeAt(0));
  }
  out.push(0x22);
  return Uint8Array.from(out);
}

/** quoteCStyle as a string, for paths that are valid UTF-8 (always true with quotePath on). */
export function quotePath(name: string, quotePathOn = true): string {
  return decoder.decode(quoteCStyle(name, quotePathOn));
}

const UNESCAPE: Record<string, number> = {
  a: 0x07, b: 0x08, t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d, '"': 0x22, '\\': 0x5c,
};

/** Inverse of quoteCStyle: a quoted or bare name from git's output → the raw bytes. */
export function unquoteCStyle(text: Uint8Array | string): Uint8Array {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  if (bytes.length < 2 || bytes[0] !== 0x22 || bytes[bytes.length - 1] !== 0x22) return bytes;
  const out: number[] = [];
  for (let i = 1; i < bytes.length - 1; i++) {
    const b = bytes[i]!;
    if (b !== 0x5c) {
      out.push(b);
      continue;
    }
    const next = bytes[++i]!;
    if (next >= 0x30 && next <= 0x37) {
      const value = ((next - 0x30) << 6) | ((bytes[i + 1]! - 0x30) << 3) | (bytes[i + 2]! - 0x30);
      out.push(value & 0xff);
      i += 2;
    } else {
      out.push(UNESCAPE[String.fromCharCode(next)] ?? next);
    }
  }
  return Uint8Array.from(out);
}

/** unquoteCStyle decoded as UTF-8 (paths in the contract are strings). */
export function unquotePath(text: Uint8Array | string): string {
  return decoder.decode(unquoteCStyle(text));
}
