// Types for package.mjs (plain JavaScript, run by npm scripts).
export interface VsixManifest {
  version: string;
  /** The VSIX for this machine's target, with its one native binary. */
  platform: { target: string; binary: string; file: string };
  /** The VSIX without a target and without a binary (git fallback engine). */
  universal: { file: string };
}
export declare const vsixDir: string;
export declare const manifestFile: string;
export declare function vsceTarget(platform?: string, arch?: string, musl?: boolean): string;
export declare function nativeTripleFor(target: string): string;
export declare function packageExtension(): VsixManifest;
