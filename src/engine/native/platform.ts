// Which native binary fits this process: napi-rs names builds `<name>.<triple>.node`.

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

/** glibc reports its version in the process report; musl (Alpine) does not. */
function isMusl(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return !report?.header?.glibcVersionRuntime;
}

export function nativeBinaryName(triple = nativeTriple()): string {
  return `git-authorship.${triple}.node`;
}
