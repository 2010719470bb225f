// types/playground-wasm.d.ts declares the wasm module's exports for the type check
// (www/pkg is built later, if at all). Its names must be the bindings' own: the
// top-level #[wasm_bindgen] items of crates/wasm/src/lib.rs, and when www/pkg has been
// built, the glue's exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

/** Export names of the declaration (functions and classes; `default` for init). */
function declared() {
  const text = read('types/playground-wasm.d.ts');
  return new Set([...text.matchAll(/^\s*export (default )?(?:function|class) (\w+)/gm)].map((m) => (m[1] ? 'default' : m[2])));
}

/** Top-level (unindented) #[wasm_bindgen] functions and structs of the bindings, by JavaScript name. */
function bound() {
  const names = new Set();
  const lines = read('crates/wasm/src/lib.rs').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const attr = lines[i].match(/^#\[wasm_bindgen(?:\((.*)\))?\]/);
    if (!attr) continue;
    let j = i + 1;
    while (j < lines.length && /^(#\[|\/\/)/.test(lines[j])) j++; // more attributes or comments
    const item = lines[j].match(/^pub (?:fn|struct) (\w+)/);
    if (!item) continue; // an impl block
    const jsName = attr[1]?.match(/js_name\s*=\s*"?(\w+)"?/)?.[1];
    names.add(jsName ?? item[1]);
  }
  return names;
}

test('the declaration names every top-level binding, and nothing else (besides init and initSync)', () => {
  const fromRust = bound();
  assert.ok(fromRust.has('Playground') && fromRust.has('schema'), `read from lib.rs: ${[...fromRust]}`);
  const expected = new Set([...fromRust, 'default', 'initSync']);
  assert.deepEqual([...declared()].sort(), [...expected].sort());
});

test('when www/pkg is built, the glue exports exactly the declared names', { skip: !existsSync(new URL('www/pkg/playground_wasm.js', root)) && 'www/pkg not built' }, () => {
  const glue = read('www/pkg/playground_wasm.js');
  const names = new Set([...glue.matchAll(/^export (?:function|class) (\w+)/gm)].map((m) => m[1]));
  for (const m of glue.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) names.add(part.trim().split(/\s+as\s+/).at(-1));
  }
  assert.deepEqual([...names].sort(), [...declared()].sort());
});
