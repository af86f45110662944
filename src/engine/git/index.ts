// The git command-line fallback engine: the Engine contract served by spawning git through simple-git.

import type { Engine } from '../types';
import { analyzeRepository } from './analyze';
import { blameFile } from './blame';
import { blameFiles } from './blameFiles';
import { extractCommits } from './commits';
import { healthCheck } from './health';
import { engineInfo } from './info';

/** `fallbackReason`: why the native engine is not the one running (shown in engine info). */
export function createGitEngine(fallbackReason?: string): Engine {
  return {
    info: () => engineInfo(fallbackReason),
    healthCheck,
    blameFile,
    blameFiles,
    analyzeRepository,
    extractCommits,
  };
}
