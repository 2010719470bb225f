#!/usr/bin/env node
// What makes up a wasm module: the size of each section, and the largest function
// bodies by name (from the module's name section, present before wasm-opt), grouped
// by crate. For deciding what is worth cutting from the page's module.
//
//   node bench/wasm-parts.mjs FILE.wasm [TOP]

import { readFileSync } from 'node:fs';

const SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'];

/** The module's sections, and each function body's size, read from the binary. */
export function parts(bytes) {
  let p = 8;
  const leb = () => {
    let r = 0;
    let shift = 0;
    let x;
    do {
      x = bytes[p++];
      r += (x & 0x7f) * 2 ** shift;
      shift += 7;
    } while (x & 0x80);
    return r;
  };
  const str = () => {
    const n = leb();
    const s = bytes.subarray(p, p + n).toString();
    p += n;
    return s;
  };
  const sections = [];
  const bodies = [];
  const names = new Map();
  let imported = 0;
  while (p < bytes.length) {
    const id = bytes[p++];
    const len = leb();
    const start = p;
    const name = id === 0 ? str() : SECTIONS[id] ?? `section ${id}`;
    sections.push({ name, bytes: len });
    if (id === 2) {
      for (let n = leb(), i = 0; i < n; i++) {
        str();
        str();
        const kind = bytes[p++];
        if (kind === 0) imported++;
        if (kind === 0) leb();
        else if (kind === 1) { p++; const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 3) p += 2;
      }
    } else if (id === 10) {
      for (let n = leb(), i = 0; i < n; i++) {
        const size = leb();
        bodies.push({ index: imported + i, bytes: size });
        p += size;
      }
    } else if (id === 0 && name === 'name') {
      while (p < start + len) {
        const sub = bytes[p++];
        const subLen = leb();
        const subEnd = p + subLen;
        if (sub === 1) for (let n = leb(), i = 0; i < n; i++) names.set(leb(), str());
        p = subEnd;
      }
    }
    p = start + len;
  }
  for (const b of bodies) b.name = names.get(b.index) ?? `func ${b.index}`;
  return { sections, bodies };
}

/** A mangled Rust name's crate (the first path segment), or the name's start. */
function crateOf(name) {
  const m = /^_ZN\d+([A-Za-z_][A-Za-z0-9_]*)/.exec(name) ?? /^<?([a-z_][a-z0-9_]*)::/.exec(name);
  return m ? m[1] : name.startsWith('__') || !name.includes('::') ? '(other)' : name.split('::')[0];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  const top = Number(process.argv[3] ?? 25);
  const { sections, bodies } = parts(readFileSync(file));
  console.log('sections:', sections.map((s) => `${s.name} ${s.bytes}`).join(', '));
  const byCrate = new Map();
  for (const b of bodies) byCrate.set(crateOf(b.name), (byCrate.get(crateOf(b.name)) ?? 0) + b.bytes);
  console.log('code by crate:', [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([c, n]) => `${c} ${n}`).join(', '));
  console.log(`largest ${top} functions:`);
  for (const b of [...bodies].sort((a, b) => b.bytes - a.bytes).slice(0, top)) console.log(`  ${String(b.bytes).padStart(7)}  ${b.name.slice(0, 150)}`);
}
