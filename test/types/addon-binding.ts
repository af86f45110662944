// Compile-time check (run by `tsc --noEmit`, after `npm run build:native` has generated
// native/index.d.ts from the Rust binding): the hand-written `NativeAddon` of
// src/engine/native/addon.ts describes what the binary really exports. A field renamed or
// retyped in Rust without the TypeScript side following fails the type-check.

import type * as Binding from '../../native/index';
import type { NativeAddon } from '../../src/engine/native/addon';

/** Ours with string unions (error codes, reasons, 'native') widened to `string`, which is all
 * the generated declarations say of them: fields, nesting and other types are still compared. */
type Widened<T> = T extends string
  ? string
  : T extends ArrayBufferView
    ? T
    : T extends Array<infer E>
      ? Array<Widened<E>>
      : T extends object
        ? { [K in keyof T]: Widened<T[K]> }
        : T;
type Resolved<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

/** `Actual` (what the binary gives) must be usable where `Expected` (what we read) is asked for. */
type Gives<Actual extends Expected, Expected> = [Actual, Expected];

export type Checks = [
  Gives<Resolved<typeof Binding.blameFile>, Widened<Resolved<NativeAddon['blameFile']>>>,
  Gives<Resolved<typeof Binding.blameFiles>, Widened<Resolved<NativeAddon['blameFiles']>>>,
  Gives<Resolved<typeof Binding.analyzeRepository>, Widened<Resolved<NativeAddon['analyzeRepository']>>>,
  Gives<Resolved<typeof Binding.extractCommits>, Widened<Resolved<NativeAddon['extractCommits']>>>,
  Gives<Resolved<typeof Binding.healthCheck>, Widened<Resolved<NativeAddon['healthCheck']>>>,
  Gives<ReturnType<typeof Binding.engineInfo>, Widened<ReturnType<NativeAddon['engineInfo']>>>,
  // Arguments the other way round: what we pass must be accepted.
  Gives<Parameters<NativeAddon['blameFile']>, Parameters<typeof Binding.blameFile>>,
  Gives<Parameters<NativeAddon['blameFiles']>, Parameters<typeof Binding.blameFiles>>,
];
