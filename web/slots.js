// slots.js: which of a study's four maps a file is, from its name.
//
// Exports name files in many ways: "stress_ac.png", "c0012_REST-NAC.jpg",
// "StressAC.bmp", "rest non-corrected.png". A name gives a slot only when it names
// both the condition (stress/rest) and the correction (AC/NAC); otherwise the user
// assigns the file on the page.

export const SLOTS = ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'];
export const SLOT_LABELS = {
  stress_nac: 'Stress NAC', rest_nac: 'Rest NAC', stress_ac: 'Stress AC', rest_ac: 'Rest AC',
};

/** The condition a file name states: 'stress', 'rest' or null. */
export function conditionOf(name) {
  const s = baseName(name);
  const stress = /stress|(^|[^a-z])(str|stre)([^a-z]|$)/.test(s);
  const rest = /(^|[^a-z])(rest|rst)/.test(s);   // at a word start: not inside "interest"
  if (stress === rest) return null;   // neither, or both: ambiguous
  return stress ? 'stress' : 'rest';
}

/** The correction a file name states: 'nac', 'ac' or null. */
export function correctionOf(name) {
  const s = baseName(name);
  const nac = /nac(?![a-z])|non.?ac(?![a-z])|noac|uncorr|non.?corr|(^|[^a-z])nc([^a-z]|$)/.test(s);
  if (nac) return 'nac';
  const ac = /ac(?![a-z])|(^|[^a-z])corr|attn|ctac/.test(s);
  return ac ? 'ac' : null;
}

/** The slot a file name states ('stress_ac', ...) or null. */
export function slotOf(name) {
  const condition = conditionOf(name), correction = correctionOf(name);
  return condition && correction ? `${condition}_${correction}` : null;
}

function baseName(name) {
  return String(name).toLowerCase().replace(/^.*[/\\]/, '').replace(/\.[a-z0-9]+$/, '');
}
