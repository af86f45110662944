import { defineConfig } from 'vitest/config';

// End-to-end tests: the packaged VSIX in a real VS Code (code-server) driven through chromium.
// Run after `npm run setup:editor` and `npm run package` (`npm run test:e2e` does all three).
// One file at a time: each test starts its own editor and browser, and the machine has 2 cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // A browser driving an editor on a busy 2-core machine can miss a beat; a test that fails twice fails.
    retry: 1,
  },
});
