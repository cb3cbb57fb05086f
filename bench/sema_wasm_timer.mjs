// Time programs in the reference interpreter (npm @sema-lang/sema-wasm).
//
// Input: JSON lines {"name", "src", "min_runs", "min_total_ms", "max_runs"}
// on stdin. A program runs at least min_runs times, then on until its runs
// add up to min_total_ms, but at most max_runs times. Output: one JSON line
// per input, {"name", "value", "error", "best_ms", "runs_ms"}. Each run gets
// a fresh interpreter, and only its evalGlobal call is timed with
// performance.now(). "value" is the written form of the last value (null
// for nil) and "error" the message of the first failed run, after which the
// program is not run again.
//
// The package directory comes from SEMA_WASM_DIR, else
// ./.oracle/node_modules/@sema-lang/sema-wasm under the current directory.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import readline from 'node:readline';

const packageDir = path.resolve(
  process.env.SEMA_WASM_DIR ?? '.oracle/node_modules/@sema-lang/sema-wasm');
const wasmBytes = readFileSync(path.join(packageDir, 'sema_wasm_bg.wasm'));
let instanceCount = 0;
let wasm;

// A trap leaves the WebAssembly instance unusable, so each load imports the
// module under a new URL to get a fresh instance.
async function loadInterpreter() {
  instanceCount += 1;
  const url = pathToFileURL(path.join(packageDir, 'sema_wasm.js')).href;
  wasm = await import(`${url}?instance=${instanceCount}`);
  wasm.initSync({ module: wasmBytes });
}

async function timeOneRun(src) {
  const interpreter = new wasm.SemaInterpreter();
  let result;
  const started = performance.now();
  try {
    result = interpreter.evalGlobal(src);
  } catch (error) {
    await loadInterpreter();
    return { ms: null, result: { value: null, error: `reference interpreter trapped: ${error}` } };
  }
  const ms = performance.now() - started;
  interpreter.free();
  return { ms, result };
}

function wantsMore(request, runsMs) {
  if (runsMs.length >= request.max_runs) return false;
  const totalMs = runsMs.reduce((sum, ms) => sum + ms, 0);
  return runsMs.length < request.min_runs || totalMs < request.min_total_ms;
}

async function timeProgram(request) {
  const report = { name: request.name, value: null, error: null, best_ms: null, runs_ms: [] };
  while (wantsMore(request, report.runs_ms)) {
    const { ms, result } = await timeOneRun(request.src);
    if (result.error) {
      report.error = result.error;
      break;
    }
    report.value = result.value;
    report.runs_ms.push(ms);
    report.best_ms = Math.min(...report.runs_ms);
  }
  return report;
}

await loadInterpreter();
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const report = await timeProgram(JSON.parse(line));
  process.stdout.write(JSON.stringify(report) + '\n');
}
