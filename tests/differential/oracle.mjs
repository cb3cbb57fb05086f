// Run Sema programs through the reference interpreter, the WebAssembly build
// of Sema 1.36 published on npm as @sema-lang/sema-wasm.
//
// stdin:  one JSON object per line with a "src" string.
// stdout: one JSON object per input line, {"value", "output", "error"},
//         each program evaluated by a new interpreter.
//
// SEMA_WASM_DIR names the installed package folder. A WebAssembly trap leaves
// the module instance unusable, so the module is loaded again after one and
// the program is reported with an error starting "reference interpreter
// trapped:".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

const packageDir = process.env.SEMA_WASM_DIR;
if (!packageDir) {
  process.stderr.write('SEMA_WASM_DIR is not set: point it at the installed @sema-lang/sema-wasm folder\n');
  process.exit(2);
}
const wasmModule = new WebAssembly.Module(
  readFileSync(path.join(packageDir, 'sema_wasm_bg.wasm')));
const bindingsUrl = pathToFileURL(path.join(packageDir, 'sema_wasm.js')).href;

let loadCount = 0;
async function loadBindings() {
  loadCount += 1;
  // A distinct query string makes Node evaluate a fresh copy of the module.
  const bindings = await import(`${bindingsUrl}?load=${loadCount}`);
  bindings.initSync({ module: wasmModule });
  return bindings;
}

function evaluate(bindings, src) {
  const interpreter = new bindings.SemaInterpreter();
  const result = interpreter.evalGlobal(src);
  interpreter.free();
  return { value: result.value, output: result.output, error: result.error };
}

let bindings = await loadBindings();
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const { src } = JSON.parse(line);
  let result;
  try {
    result = evaluate(bindings, src);
  } catch (trap) {
    result = { value: null, output: [], error: `reference interpreter trapped: ${trap}` };
    bindings = await loadBindings();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}
