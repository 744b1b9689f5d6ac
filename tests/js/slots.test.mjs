// @ts-check
// slots.test.mjs: file names -> the study's map they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slotOf } from '../../web/slots.js';

test('names that state condition and correction find their slot', () => {
  const cases = {
    'stress_ac.png': 'stress_ac', 'rest_nac.jpg': 'rest_nac', 'c0012_REST-NAC.jpg': 'rest_nac',
    'StressAC.bmp': 'stress_ac', 'StressNAC.png': 'stress_nac', 'rest non-corrected.png': 'rest_nac',
    'Stress_AC_polar.png': 'stress_ac', 'REST_AC.JPG': 'rest_ac', 'c0001/stress_nac.png': 'stress_nac',
    'restac.png': 'rest_ac', 'restnac.png': 'rest_nac', 'stress-ctac.png': 'stress_ac', 'str_nc.png': 'stress_nac',
    'rst_ac.png': 'rest_ac', 'patient 7 stress uncorrected.jpeg': 'stress_nac',
  };
  for (const [name, slot] of Object.entries(cases)) assert.equal(slotOf(name), slot, name);
});

test('names that do not say both stay unassigned', () => {
  for (const name of ['stress.png', 'ac.png', 'polar map.png', 'tracer.png', 'interest_ac.png', 'stress_rest.png', 'IMG_0042.JPG'])
    assert.equal(slotOf(name), null, name);
});
