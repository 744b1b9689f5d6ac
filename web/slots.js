// @ts-check
// slots.js: which of a study's four maps a file is, from its name.
//
// Exports name files in many ways: "stress_ac.png", "c0012_REST-NAC.jpg",
// "StressAC.bmp", "rest non-corrected.png". A name gives a slot only when it names
// both the condition (stress/rest) and the correction (AC/NAC); otherwise the user
// assigns the file on the page.

/** @typedef {import('./lib/study-kinds.mjs').MapName} MapName */

/** The condition a file name states: 'stress', 'rest' or null. @param {string} name */
export function conditionOf(name) {
  const s = baseName(name);
  const stress = /stress|(^|[^a-z])(str|stre)([^a-z]|$)/.test(s);
  const rest = /(^|[^a-z])(rest|rst)/.test(s);   // at a word start: not inside "interest"
  if (stress === rest) return null;   // neither, or both: ambiguous
  return stress ? 'stress' : 'rest';
}

/** The correction a file name states: 'nac', 'ac' or null. @param {string} name */
export function correctionOf(name) {
  const s = baseName(name);
  const nac = /nac(?![a-z])|non.?ac(?![a-z])|noac|uncorr|non.?corr|(^|[^a-z])nc([^a-z]|$)/.test(s);
  if (nac) return 'nac';
  const ac = /ac(?![a-z])|(^|[^a-z])corr|attn|ctac/.test(s);
  return ac ? 'ac' : null;
}

/** The map a file name states ('stress_ac', ...) or null. @param {string} name @returns {MapName | null} */
export function slotOf(name) {
  const condition = conditionOf(name), correction = correctionOf(name);
  return condition && correction ? /** @type {MapName} */ (`${condition}_${correction}`) : null;
}

/** @param {string} name */
function baseName(name) {
  return String(name).toLowerCase().replace(/^.*[/\\]/, '').replace(/\.[a-z0-9]+$/, '');
}
