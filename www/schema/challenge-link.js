// @ts-check
// A challenge in the page's link, beside the configuration:
//
//   ?ch=xor&data=xor&layers=3&...            a built-in challenge, the student's settings
//   ?ch={"title":...,"start":{...},...}&...  a teacher's own challenge, whole (JSON)
//   ...&solved=1240                          a solution: the goal claimed met at epoch 1,240
//
// Reading it only reads text: which built-in is named, or the JSON text of a challenge,
// and a whole epoch. The core checks the challenge (checkChallenge) and replays a
// solution (verifySolution); a key it refuses gets the notice of a bad setting.
// Also here: which lesson groups a challenge hides (those with no field the student may
// change) and the lines of a teacher's pasted solution links.

/** The link keys of a challenge, read beside the configuration (readLink's `extra`). */
export const CHALLENGE_KEYS = ['ch', 'solved'];

/** The page's own lesson groups a challenge hides: loading a model file or editing a comparison skips the replay. */
const HIDDEN_PAGE_GROUPS = ['model', 'compare'];

/**
 * @typedef {object} ChallengeEntry  A challenge as the page holds it.
 * @property {string | null} id      a built-in challenge's id, null for a teacher's own
 * @property {any} challenge         the challenge as the core reads it
 * @property {string} goal           the goal in words (the core's)
 * @property {Array<{rule: string, text: string}>} constraints  its rules in words (the core's)
 * @property {number | null} claimed  a solution link's epoch of success, null otherwise
 */

/**
 * What a link's challenge keys say, as text: a built-in id or a challenge's JSON, and a
 * claimed epoch; the keys that cannot be read.
 * @param {Record<string, string>} extra  the raw text of the link's CHALLENGE_KEYS
 * @param {string[]} builtinIds
 * @returns {{id: string | null, json: string | null, claimed: number | null, invalid: string[]}}
 */
export function readChallengeKeys(extra, builtinIds) {
  /** @type {{id: string | null, json: string | null, claimed: number | null, invalid: string[]}} */
  const out = { id: null, json: null, claimed: null, invalid: [] };
  const ch = extra.ch;
  if (ch !== undefined) {
    if (ch.trimStart().startsWith('{')) out.json = ch;
    else if (builtinIds.includes(ch)) out.id = ch;
    else out.invalid.push('ch');
  }
  const solved = extra.solved;
  if (solved !== undefined) {
    const epoch = /^[1-9][0-9]{0,8}$/.test(solved) ? Number(solved) : NaN;
    if (Number.isSafeInteger(epoch) && (out.id !== null || out.json !== null)) out.claimed = epoch;
    else out.invalid.push('solved');
  }
  return out;
}

/**
 * The link keys of the page's challenge (none without one): a built-in by its id, a
 * teacher's own whole, and the claimed epoch of a solution.
 * @param {ChallengeEntry | null} entry
 * @returns {Record<string, string>}
 */
export function challengeParams(entry) {
  if (!entry) return {};
  /** @type {Record<string, string>} */
  const out = { ch: entry.id ?? JSON.stringify(entry.challenge) };
  if (entry.claimed !== null) out.solved = String(entry.claimed);
  return out;
}

/**
 * The lesson groups a challenge hides: each group of the page's fields none of whose
 * fields the student may change (`open`: paths of the core's fields; a field is open
 * when it or a part of it is), and the page's parts that would skip the replay.
 * @param {string[]} open
 * @param {Array<{path: string, hide?: string}>} fields  the page's fields (PAGE_FIELDS)
 * @returns {string[]}
 */
export function hiddenByChallenge(open, fields) {
  const isOpen = (/** @type {string} */ path) => open.some((o) => o === path || o.startsWith(`${path}.`) || path.startsWith(`${o}.`));
  /** @type {Map<string, boolean>} */
  const groups = new Map();
  for (const f of fields) {
    if (!f.hide) continue;
    groups.set(f.hide, (groups.get(f.hide) ?? false) || isOpen(f.path));
  }
  return [...[...groups].filter(([, anyOpen]) => !anyOpen).map(([key]) => key), ...HIDDEN_PAGE_GROUPS];
}

/**
 * The open fields of a challenge made from the lesson groups a teacher leaves visible:
 * every field of those groups.
 * @param {string[]} visible  lesson groups
 * @param {Array<{path: string, hide?: string}>} fields  the page's fields (PAGE_FIELDS)
 * @param {string[]} known  the core's field paths
 * @returns {string[]}
 */
export function openFieldsOf(visible, fields, known) {
  const paths = fields.filter((f) => f.hide && visible.includes(f.hide)).map((f) => f.path);
  return [...new Set(paths)].filter((p) => known.includes(p));
}

/**
 * The query strings of pasted solution links, one per non-empty line; a line that is
 * not a link is kept as an error.
 * @param {string} text
 * @returns {Array<{line: number, search: string} | {line: number, error: string}>}
 */
export function solutionLines(text) {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ raw: raw.trim(), line: i + 1 }))
    .filter(({ raw }) => raw !== '')
    .map(({ raw, line }) => {
      const at = raw.indexOf('?');
      if (at < 0) return { line, error: 'is not a link with settings (no "?")' };
      const search = raw.slice(at).replace(/#.*$/, '');
      return new URLSearchParams(search).has('solved') ? { line, search } : { line, error: 'is not a solution link (no "solved=")' };
    });
}

/**
 * The key of a challenge in the progress kept in the browser: a built-in's id, a
 * teacher's own by its title.
 * @param {ChallengeEntry} entry
 */
export const progressKey = (entry) => entry.id ?? `own:${entry.challenge.title}`;
