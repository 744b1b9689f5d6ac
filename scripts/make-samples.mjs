#!/usr/bin/env node
// @ts-check
// make-samples.mjs: regenerates the sample studies bundled with the page (web/samples/).
//
//   node scripts/make-samples.mjs [build/native/polarcad]
//
// The samples are synthetic studies from their own seed (not the cohort the shipped
// model is trained on), one per teaching pattern, chosen from the generator's latent
// truth by the rules below; a few of them again as screen captures (the same cases: the
// style changes only the rendering), JPEG, so the page shows both kinds of input.
// Generator model version 1, the one the samples were first made with (its cohorts are
// byte-identical from release to release); the exports are the same bytes on every rerun.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './serve.mjs';
import { MAPS } from '../wasm/study-kinds.mjs';

/** A row of truth.csv, by column name. @typedef {Record<string, string>} TruthRow */

const SEED = 20261126;   // not the default training seed (1)
const SYNTH = ['--cases', '216', '--seed', String(SEED), '--model-version', '1'];
const CAPTURE_STYLE = ['--style', 'screenshot', '--format', 'jpg', '--jpeg-quality', '85'];
const polarcad = process.argv[2] || join(ROOT, 'build/native/polarcad');
const tmp = mkdtempSync(join(tmpdir(), 'pc-samples-'));
const cohort = join(tmp, 'cohort'), captures = join(tmp, 'captures');
execFileSync(polarcad, ['synth', '--out', cohort, ...SYNTH], { stdio: 'inherit' });
execFileSync(polarcad, ['synth', '--out', captures, ...SYNTH, ...CAPTURE_STYLE], { stdio: 'inherit' });

/** @param {string} line @returns {string[]} */
function parseCsvLine(line) {
  const fields = [];
  let field = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; } else field += c;
  }
  fields.push(field);
  return fields;
}

/** @param {string} path @returns {TruthRow[]} */
function readCsv(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = parseCsvLine(header);
  return lines.map((line) => {
    const values = parseCsvLine(line);
    return Object.fromEntries(keys.map((k, i) => [k, values[i] ?? '']));
  });
}
const truth = readCsv(join(cohort, 'truth.csv'));
/** @param {TruthRow} r @param {string} k */
const n = (r, k) => Number(r[k] || 0);
/** @param {TruthRow} r @param {string} v */
const isch = (r, v) => n(r, `${v}_isch_extent`);
/** @param {TruthRow} r @param {string} v */
const scar = (r, v) => n(r, `${v}_scar_extent`);

/** @type {{slug: string, title: string, text: string, pick: (r: TruthRow) => boolean}[]} */
const PATTERNS = [
  { slug: 'lad-ischaemia', title: 'LAD ischaemia',
    text: 'Flow-limiting LAD stenosis: an anterior, septal and apical stress defect that fills in at rest, in AC and NAC alike.',
    pick: (r) => r.label === '1' && r.diseased_vessels === '1' && isch(r, 'lad') > 30 && scar(r, 'lad') < 1 && r.images_support_label === 'consistent' },
  { slug: 'rca-infarct', title: 'Inferior infarct (RCA)',
    text: 'RCA disease with an old inferior infarct: a fixed inferior defect at stress and rest, present after attenuation correction too.',
    pick: (r) => r.label === '1' && scar(r, 'rca') > 15 && isch(r, 'lad') < 10 && isch(r, 'lcx') < 10 && scar(r, 'lad') < 5 && r.images_support_label === 'consistent' },
  { slug: 'normal', title: 'Normal, no CAD',
    text: 'No flow-limiting disease and no artefact of note: homogeneous uptake, the lateral wall hottest.',
    pick: (r) => r.label === '0' && r.images_support_label === 'consistent' && n(r, 'nac_inferior_depth') < 0.06 },
  { slug: 'inferior-attenuation', title: 'Diaphragmatic attenuation (man, no CAD)',
    text: 'No CAD. The NAC maps show a fixed inferior reduction that attenuation correction removes: an artefact, not an infarct.',
    pick: (r) => r.label === '0' && r.sex === 'M' && n(r, 'nac_inferior_depth') > 0.2 && /NAC inferior attenuation/.test(r.why) },
  { slug: 'breast-attenuation', title: 'Breast attenuation (woman, no CAD)',
    text: 'No CAD. The NAC maps show an anterior reduction from breast tissue that shifts between stress and rest; AC corrects most of it.',
    pick: (r) => r.label === '0' && r.sex === 'F' && n(r, 'nac_breast_depth_stress') > 0.15 },
  { slug: 'balanced-disease', title: 'Balanced three-vessel disease',
    text: 'Three-vessel CAD that the maps hide: every territory is under-perfused, and normalising each map to its hottest pixel makes it look near normal.',
    pick: (r) => r.label === '1' && r.balanced === '1' },
];

// Patterns shown again as screen captures (a viewer window: the disc anywhere, labels, a
// colour bar), under SLUG-capture.
const CAPTURED = ['lad-ischaemia', 'normal'];

const out = join(ROOT, 'web/samples');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
/** @type {{slug: string, title: string, text: string, label: number, sex: string, age: number, source: string, why: string | null, format?: string}[]} */
const index = [];
for (const p of PATTERNS) {
  const row = truth.find(p.pick);
  if (!row) throw new Error(`no case in seed ${SEED} matches the '${p.slug}' pattern`);
  mkdirSync(join(out, p.slug));
  for (const map of MAPS)
    copyFileSync(join(cohort, row.case_id, `${map}.png`), join(out, p.slug, `${map}.png`));
  index.push({ slug: p.slug, title: p.title, text: p.text, label: Number(row.label), sex: row.sex, age: Number(row.age),
    source: `polarcad synth --seed ${SEED}, case ${row.case_id} (model version ${row.model_version})`,
    why: row.why || null });
  console.log(`${p.slug}: ${row.case_id}`);
}
for (const slug of CAPTURED) {
  const base = index.find((s) => s.slug === slug);
  if (!base) throw new Error(`no sample '${slug}' to show as screen captures`);
  const caseId = base.source.match(/case (c\d+)/)?.[1] || '';
  const dir = join(out, `${slug}-capture`);
  mkdirSync(dir);
  for (const map of MAPS) copyFileSync(join(captures, caseId, `${map}.jpg`), join(dir, `${map}.jpg`));
  index.push({ ...base, slug: `${slug}-capture`, title: `${base.title}, screen captures`,
    text: `${base.text} The same study as screen captures of a viewer (JPEG): the disc anywhere in the window, with labels and a colour bar.`,
    source: `polarcad synth ${[...SYNTH, ...CAPTURE_STYLE].join(' ')}, case ${caseId}`, format: 'jpg' });
  console.log(`${slug}-capture: ${caseId}`);
}
writeFileSync(join(out, 'index.json'), JSON.stringify({
  note: 'Synthetic studies made by polarcad synth. Not patient data. Not for diagnosis.', samples: index }, null, 2) + '\n');
rmSync(tmp, { recursive: true, force: true });
