// Bundles the extension (dist/extension.js), the command line (dist/cli.js) and the report webview (dist/webview/).
// `vscode` is provided by the editor; the native binary is loaded at run time from native/,
// so neither is bundled. `--production` minifies; `--watch` rebuilds on change (F5 in VS Code).
// Both modes write source maps next to the bundles (the VSIX leaves them out).
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Builds under way, across both bundles: the reporter prints one start and one finish per round. */
let running = 0;

/**
 * In watch mode, `[watch] build started` / `[watch] build finished` around each round of rebuilds, and
 * each error as `file:line:column: error: text`: the background problem matcher in .vscode/tasks.json
 * reads these lines.
 * @type {import('esbuild').Plugin}
 */
const watchReporter = {
  name: 'watch-reporter',
  setup(build) {
    build.onStart(() => {
      if (running++ === 0) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(location ? `${location.file}:${location.line}:${location.column + 1}: error: ${text}` : `error: ${text}`);
      }
      if (--running === 0) console.log('[watch] build finished');
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  external: ['vscode', '*.node'],
  logLevel: watch ? 'silent' : 'info',
  plugins: watch ? [watchReporter] : [],
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The report panel's webview (media/report): a browser bundle and its stylesheet, loaded from
  // dist/webview under the panel's Content-Security-Policy (no inline code, no other origin).
  {
    ...common,
    entryPoints: { report: 'media/report/main.ts', 'report-style': 'media/report/report.css' },
    outdir: 'dist/webview',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    external: [],
  },
];

async function main() {
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
