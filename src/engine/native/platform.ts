// Which native binary fits this process: napi-rs names builds `<name>.<triple>.node`.

import { readFileSync } from 'node:fs';

/** The napi-rs triple for this process (`linux-x64-gnu`, `linux-x64-musl`, `darwin-arm64`, `win32-x64-msvc`…). */
export function nativeTriple(platform = process.platform, arch = process.arch): string {
  switch (platform) {
    case 'linux': {
      const abi = arch === 'arm' ? (isMusl() ? 'musleabihf' : 'gnueabihf') : isMusl() ? 'musl' : 'gnu';
      return `linux-${arch}-${abi}`;
    }
    case 'win32':
      return `win32-${arch}-msvc`;
    case 'darwin':
      return `darwin-${arch}`;
    default:
      return `${platform}-${arch}`;
  }
}

/**
 * Whether this process runs on musl (Alpine) rather than glibc. The C library's `ldd` says which:
 * glibc's is a shell script that names the GNU C Library, musl's is musl's own loader. Only
 * without a readable `ldd` that names either is the process report asked (glibc reports its
 * version there, musl does not): building the report took 11-17 ms of the engine's load on the
 * benchmark machine, where loading the binary itself takes about 1.3 ms.
 */
export function isMusl(
  readLdd: () => string = () => readFileSync('/usr/bin/ldd', 'latin1'),
  report: () => unknown = () => process.report?.getReport(),
): boolean {
  try {
    const ldd = readLdd();
    if (ldd.includes('musl')) return true;
    if (ldd.includes('GNU C Library') || ldd.includes('glibc')) return false;
  } catch {
    // No ldd (a minimal container): the report says.
  }
  const header = (report() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return !header?.glibcVersionRuntime;
}

export function nativeBinaryName(triple = nativeTriple()): string {
  return `git-authorship.${triple}.node`;
}
