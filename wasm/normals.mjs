// @ts-check
// normals.mjs: a semi-quantitative normal database loaded into the WebAssembly core, and
// a study's scores against it.
//
//   const normals = pc.loadNormals(bytes, 'normals-low-likelihood.db');
//   normals.info;    // {name, layout, groups, text}
//   const { semiq_nac, semiq_ac } = normals.score(study, { sex: 'M' });
//   semiq_ac.sss; semiq_ac.segments.stress[0];   // segment 1's stress score, 0..4
//   normals.dispose();
//
// The scores are the native tool's (`polarcad predict --normals` / `score --study`,
// wasm/api_normals.c): the study's relative counts sampled with the database's ring
// layout, scored with the default settings (docs/semiquant.md).

import { MAPS } from './study-kinds.mjs';

/** @typedef {import('./polarcad.mjs').Polarcad} Polarcad */
/** @typedef {import('./polarcad.mjs').Study} Study */
/** @typedef {import('./polarcad-core.mjs').Ptr} Ptr */
/** @typedef {import('./study-kinds.mjs').MapName} MapName */
/** @typedef {import('./model.mjs').Territory} Territory */
/** @typedef {import('./model.mjs').RingLayout} RingLayout */

/** How many normal studies each group of the database holds: pooled, men, women.
 *  @typedef {{all: number, M: number, F: number}} GroupSizes */
/** What a normal database is.
 *  @typedef {object} NormalsInfo
 *  @property {string} name the name given to loadNormals
 *  @property {RingLayout} layout the ring layout its segments were cut with
 *  @property {Record<MapName, GroupSizes>} groups normal studies per map and group
 *  @property {string} text one line for a reader: name, size and layout */

/** The 17 segment scores (0..4; index s - 1 for AHA segment s) that the sums are made of;
 *  difference = stress - rest (negative where rest is worse).
 *  @typedef {{stress: number[], rest: number[], difference: number[]}} SegmentScores */
/** @typedef {{sss: number, srs: number, sds: number}} TerritoryScores */
/** One correction's (NAC or AC) scores: the fields of `polarcad predict --json`'s semiq_nac
 *  and semiq_ac (sss, srs, sds, tpd_stress, call_paper), and more.
 *  @typedef {object} SemiqScores
 *  @property {number} sss summed stress score, 0..68
 *  @property {number} srs summed rest score
 *  @property {number} sds summed difference score, SSS - SRS
 *  @property {number} tpd_stress stress total perfusion deficit, % of the map
 *  @property {number} tpd_rest rest TPD, %
 *  @property {number} tpd_ischaemic stress TPD - rest TPD
 *  @property {0 | 1} call_paper the seed paper's Semi-Q rule (NAC: SSS > 3 and SDS > 1; AC: SSS > 0 and SDS > 0); 1 = CAD
 *  @property {0 | 1} call_sss SSS >= 4
 *  @property {0 | 1} call_sds SDS >= 2
 *  @property {0 | 1} call_tpd stress TPD >= 5%
 *  @property {Record<Territory, TerritoryScores>} territories the sums per coronary territory
 *  @property {SegmentScores} segments */
/** null for a correction whose stress or rest map the study lacks.
 *  @typedef {{semiq_nac: SemiqScores | null, semiq_ac: SemiqScores | null}} SemiqResult */

const SEXES = { M: 1, F: 2 };

export class Normals {
  /** Made by Polarcad.loadNormals. @param {Polarcad} pc @param {Ptr} handle @param {string} name */
  constructor(pc, handle, name) {
    this.pc = pc;
    /** The C database (0 once disposed). @type {Ptr} */
    this.handle = handle;
    const M = pc.M;
    /** @type {Record<MapName, GroupSizes>} */
    const groups = /** @type {any} */ ({});
    for (const [m, map] of MAPS.entries())
      groups[map] = { all: M._pcw_normals_group_size(handle, m, 0), M: M._pcw_normals_group_size(handle, m, 1),
                      F: M._pcw_normals_group_size(handle, m, 2) };
    const layout = /** @type {RingLayout} */ (M.UTF8ToString(M._pcw_normals_layout(handle)));
    const g = groups.stress_ac;
    /** @type {NormalsInfo} */
    this.info = {
      name, layout, groups,
      text: `normal database ${name}: ${g.all} normal studies (${g.M} men, ${g.F} women) for the stress AC map, ` +
            `${layout} rings`,
    };
  }

  /** Frees the database's wasm memory; the object is unusable afterwards. */
  dispose() {
    if (this.handle) this.pc.M._pcw_normals_free(this.handle);
    this.handle = 0;
  }

  /** The semi-quantitative scores of a study from pc.preprocessStudy. sex 'M' or 'F' picks
   *  the per-sex normals when the group is large enough (default: pooled).
   *  @param {Study} study @param {{sex?: 'M' | 'F'}} [options] @returns {SemiqResult} */
  score(study, { sex } = {}) {
    if (!this.handle) throw new Error(`${this.info.name}: the normal database was disposed`);
    if (sex !== undefined && !(sex in SEXES)) throw new Error(`score: sex must be 'M' or 'F' (got '${sex}')`);
    const pc = this.pc, M = pc.M;
    const sexIndex = sex === undefined ? 0 : SEXES[sex];
    return pc.withStudy(study, (s) => {
      const r = pc.callOut((out) => M._pcw_normals_score(pc.ctx, this.handle, s, sexIndex, out));
      try {
        return { semiq_nac: this.readCorrection(r, 0), semiq_ac: this.readCorrection(r, 1) };
      } finally {
        M._pcw_semiq_free(r);
      }
    });
  }

  /** @param {Ptr} r @param {number} c @returns {SemiqScores | null} */
  readCorrection(r, c) {
    const pc = this.pc, M = pc.M;
    return pc.withMemory(17 * 4 * 2 + 11 * 8, (buf) => {
      M._pcw_semiq_correction(r, c, buf);
      const [present, sss, srs, sds, tpd_stress, tpd_rest, tpd_ischaemic, call_paper, call_sss, call_sds, call_tpd] =
        M.HEAPF64.slice(buf >> 3, (buf >> 3) + 11);
      if (!present) return null;
      const ints = buf + 11 * 8;
      const segmentsOf = (/** @type {number} */ map) => {
        M._pcw_semiq_segments(r, map, ints);
        return [...M.HEAP32.slice(ints >> 2, (ints >> 2) + 17)];
      };
      const stress = segmentsOf(M._pcw_correction_map(c, 1)), rest = segmentsOf(M._pcw_correction_map(c, 0));
      M._pcw_semiq_territories(r, c, ints);
      const t = M.HEAP32.slice(ints >> 2, (ints >> 2) + 9);
      const territory = (/** @type {number} */ i) => ({ sss: t[3 * i], srs: t[3 * i + 1], sds: t[3 * i + 2] });
      const call = (/** @type {number} */ v) => /** @type {0 | 1} */ (v ? 1 : 0);
      return {
        sss, srs, sds, tpd_stress, tpd_rest, tpd_ischaemic,
        call_paper: call(call_paper), call_sss: call(call_sss), call_sds: call(call_sds), call_tpd: call(call_tpd),
        territories: { LAD: territory(0), LCx: territory(1), RCA: territory(2) },
        segments: { stress, rest, difference: stress.map((v, i) => v - rest[i]) },
      };
    });
  }
}
