// No text from a file or a link is ever parsed as HTML, and nothing in the page needs what its
// Content-Security-Policy refuses: this scans the page's own sources (www/, without the
// generated www/pkg) for the browser's HTML sinks in scripts and for inline scripts, style
// elements, style attributes and event-handler attributes in HTML. The page builds its DOM
// with createElement / textContent (lib/dom.js) instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = fileURLToPath(new URL('../../www/', import.meta.url));

/** Script sinks: each parses a string as HTML or as code. */
const SCRIPT_SINKS = [
  ['innerHTML / outerHTML', /\.(?:inner|outer)HTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(?:ln)?\b/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['setHTMLUnsafe / parseHTMLUnsafe', /\b(?:set|parse)HTMLUnsafe\b/],
  ['DOMParser', /\bDOMParser\b/],
  ['srcdoc', /\bsrcdoc\b/],
  ['eval / new Function', /\beval\s*\(|\bnew\s+Function\s*\(/],
  ['a style attribute (CSP refuses it; set element.style.x instead)', /setAttribute\s*\(\s*['"`]style['"`]/],
  ['a <style> element (CSP refuses it; use a class or a constructed CSSStyleSheet)', /createElement\s*\(\s*['"`]style['"`]/],
];

/** HTML that the policy (no 'unsafe-inline') would refuse. */
const HTML_SINKS = [
  ['an inline <script> (no src)', /<script\b(?![^>]*\bsrc=)[^>]*>/i],
  ['a <style> element', /<style\b/i],
  ['a style="" attribute', /\sstyle\s*=/i],
  ['an on…="" event-handler attribute', /\son[a-z]+\s*=/i],
  ['a javascript: URL', /javascript:/i],
];

/** Every file under www/ ending in `ext`, except the generated www/pkg. */
async function sources(ext) {
  const names = await readdir(www, { recursive: true });
  return names
    .filter((name) => name.endsWith(ext) && !name.split(sep).includes('pkg'))
    .map((name) => join(www, name));
}

/** The sinks of `table` each line of `text` holds, as "file:line: what". */
function findings(file, text, table) {
  const found = [];
  text.split('\n').forEach((line, i) => {
    for (const [what, pattern] of table) {
      if (pattern.test(line)) found.push(`${relative(www, file)}:${i + 1}: ${what}: ${line.trim()}`);
    }
  });
  return found;
}

test('the patterns catch each sink they name (the scan below can fail)', () => {
  const js = [
    'el.innerHTML = text;',
    'row.outerHTML = `<td>${x}</td>`;',
    "box.insertAdjacentHTML('beforeend', s);",
    'document.write(s);',
    'range.createContextualFragment(s);',
    'el.setHTMLUnsafe(s);',
    "new DOMParser().parseFromString(s, 'text/html');",
    'frame.srcdoc = s;',
    'eval(s);',
    'new Function(s)();',
    "el.setAttribute('style', 'color: red');",
    "document.createElement('style');",
  ];
  for (const line of js) assert.equal(findings('x.js', line, SCRIPT_SINKS).length, 1, line);
  const html = ['<script>alert(1)</script>', '<style>p{}</style>', '<p style="color:red">', '<button onclick="go()">', '<a href="javascript:go()">'];
  for (const line of html) assert.equal(findings('x.html', line, HTML_SINKS).length, 1, line);
  const clean = ["el.textContent = text;", "el.style.left = '3px';", "const sheet = new CSSStyleSheet();", '<script type="module" src="main.js"></script>', '<p class="hint">'];
  for (const line of clean) assert.deepEqual([...findings('x.js', line, SCRIPT_SINKS), ...findings('x.html', line, HTML_SINKS)], [], line);
});

test('no script of the page parses text as HTML or code', async () => {
  const files = await sources('.js');
  assert.ok(files.length > 40, `found the page's scripts (${files.length})`);
  const found = [];
  for (const file of files) found.push(...findings(file, await readFile(file, 'utf8'), SCRIPT_SINKS));
  assert.deepEqual(found, []);
});

test('the page\'s HTML has no inline script, style or event handler', async () => {
  const files = await sources('.html');
  assert.ok(files.length >= 1, 'found index.html');
  const found = [];
  for (const file of files) found.push(...findings(file, await readFile(file, 'utf8'), HTML_SINKS));
  assert.deepEqual(found, []);
});
