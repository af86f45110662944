// Argument helpers shared by the commands: usage errors, list flags, numbers, the engine choice.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isEngineChoice, type EngineChoice } from '../engine/load';

/** Exit code 1: the command line itself is wrong. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** node's parseArgs, strict, with its errors turned into UsageError. */
export function parse(args: string[], options: Options): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: values as Record<string, unknown>, positionals };
  } catch (err) {
    const first = (err as Error).message.split('\n')[0]!;
    // `--n-files -1`: node takes the value for an option and asks whether one was forgotten.
    const ambiguous = /^Option '(--[^']+)' argument is ambiguous/.exec(first);
    if (ambiguous) throw new UsageError(`${ambiguous[1]} needs a value; one that starts with a dash is written ${ambiguous[1]}=VALUE`);
    throw new UsageError(first.replace(/\. To specify a positional argument.*$/, ''));
  }
}

/** A list flag: repeatable and/or comma-separated (`--exclude-authors 'a*,b*' --exclude-authors c`). */
export function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function nonNegativeInteger(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} needs a whole number >= 0, got ${JSON.stringify(value)}`);
  return n;
}

export function engineChoice(value: unknown): EngineChoice {
  if (value === undefined) return 'auto';
  if (!isEngineChoice(value)) throw new UsageError(`--engine must be auto, native or git, got ${JSON.stringify(value)}`);
  return value;
}

export const ENGINE_OPTION: Options = { engine: { type: 'string' } };
