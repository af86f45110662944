// The blame settings, read once per change into a plain object.

import * as vscode from 'vscode';

import { DEFAULT_INLINE_FORMAT, DEFAULT_STATUS_BAR_FORMAT, DEFAULT_UNCOMMITTED_FORMAT } from '../blame/format';

export interface BlameSettings {
  inlineEnabled: boolean;
  inlineFormat: string;
  uncommittedFormat: string;
  /** Milliseconds of quiet (no typing, no cursor move) before the annotation is drawn. */
  delay: number;
  statusBarEnabled: boolean;
  statusBarFormat: string;
  ignoreWhitespace: boolean;
  colorBy: 'author' | 'age';
  maxLines: number;
}

export const SECTION = 'gitAuthorship.blame';

export function readSettings(): BlameSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const colorBy = c.get<string>('fileBlame.colorBy', 'age');
  return {
    inlineEnabled: c.get('inline.enabled', true),
    inlineFormat: c.get('inline.format', DEFAULT_INLINE_FORMAT),
    uncommittedFormat: c.get('inline.uncommittedFormat', DEFAULT_UNCOMMITTED_FORMAT),
    delay: Math.max(0, c.get('inline.delay', 300)),
    statusBarEnabled: c.get('statusBar.enabled', true),
    statusBarFormat: c.get('statusBar.format', DEFAULT_STATUS_BAR_FORMAT),
    ignoreWhitespace: c.get('ignoreWhitespace', false),
    colorBy: colorBy === 'author' ? 'author' : 'age',
    maxLines: Math.max(1, c.get('maxLines', 50_000)),
  };
}
