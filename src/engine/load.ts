// Engine selection: `gitAuthorship.engine` / `--engine` is `auto` | `native` | `git`.
// `auto` falls back to the git CLI engine when the native binary cannot load, and says why.

import { createGitEngine } from './git';
import { createNativeEngine } from './native';
import { loadNativeAddon } from './native/load';
import { EngineError, type Engine } from './types';

export type EngineChoice = 'auto' | 'native' | 'git';

export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'native', 'git'];

export function isEngineChoice(value: unknown): value is EngineChoice {
  return typeof value === 'string' && (ENGINE_CHOICES as readonly string[]).includes(value);
}

let nativeEngine: Engine | undefined;
let nativeFailure: string | undefined;

/** Load (once) and return the native engine, or the reason it cannot load. */
export function tryNativeEngine(): { engine: Engine } | { reason: string } {
  if (nativeEngine) return { engine: nativeEngine };
  if (nativeFailure === undefined) {
    const load = loadNativeAddon();
    if (load.ok) {
      nativeEngine = createNativeEngine(load.addon);
      return { engine: nativeEngine };
    }
    nativeFailure = load.reason;
  }
  return { reason: nativeFailure };
}

export function loadEngine(choice: EngineChoice = 'auto'): Engine {
  if (choice === 'git') return createGitEngine();
  const native = tryNativeEngine();
  if ('engine' in native) return native.engine;
  if (choice === 'native') throw new EngineError('INTERNAL', native.reason);
  const fallback = createGitEngine();
  return {
    ...fallback,
    info: () => ({ ...fallback.info(), fallbackReason: native.reason }),
  };
}
