// Run in a fresh process: times require() of the bundled extension with `vscode` stubbed (the real
// module exists only inside the editor). Prints the milliseconds as JSON on stdout.
const Module = require('node:module');
const path = require('node:path');

const STUB_ID = path.join(__dirname, '__vscode_stub__.js');
// Any property read returns another stub, so top-level `vscode.X.Y` lookups at load time do not throw.
const stub = new Proxy(function () {}, { get: (_t, key) => (key === '__esModule' ? false : stub), apply: () => stub, construct: () => stub });
require.cache[STUB_ID] = { id: STUB_ID, filename: STUB_ID, loaded: true, exports: stub };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? STUB_ID : resolve.call(this, request, ...rest);
};

const file = path.resolve(process.argv[2]);
const start = process.hrtime.bigint();
const ext = require(file);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
if (typeof ext.activate !== 'function') throw new Error(`${file} does not export activate()`);
process.stdout.write(JSON.stringify({ ms }));
