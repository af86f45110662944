// A run of long blames in one process, as moving between files in the editor makes them: the time
// of each call, the process's resident memory right after the last one, and again after the
// engine has been idle for a while (the addon returns a long blame's memory once no blame has run
// for 1.5 s: native/binding/src/idle_collect.rs).
//
//   node bench/idle-memory.mjs ADDON.node REPO PATH [--calls N] [--idle SECONDS]

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { calls: { type: 'string', default: '5' }, idle: { type: 'string', default: '3' } },
});
const [addonPath, repo, path] = positionals;
if (!addonPath || !repo || !path) {
  console.error('usage: node bench/idle-memory.mjs ADDON.node REPO PATH [--calls N] [--idle SECONDS]');
  process.exit(1);
}
const addon = createRequire(import.meta.url)(resolve(addonPath));
const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;

const times = [];
for (let i = 0; i < Number(values.calls); i++) {
  const t = performance.now();
  const answer = await addon.blameFile(repo, path, {});
  times.push(performance.now() - t);
  if (answer && typeof answer === 'object' && 'errorCode' in answer) throw new Error(`${answer.errorCode}: ${answer.message}`);
}
const busy = rssMiB();
await new Promise((done) => setTimeout(done, Number(values.idle) * 1000));
console.log(`blameFile ${path}: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);
console.log(`resident memory: ${busy.toFixed(0)} MiB after the last call, ${rssMiB().toFixed(0)} MiB after ${values.idle} s idle`);
