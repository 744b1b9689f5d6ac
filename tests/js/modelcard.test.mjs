// @ts-check
// modelcard.test.mjs: the phrase the page prints for a model's cross-validated figures
// (web/result.js cvPhrase), from the metadata scripts/train-default writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cvPhrase } from '../../web/result.js';

test('the CV figures of the shipped model\'s metadata, with the AUC interval and the baseline', () => {
  const cv = { experiment: 'x', folds: 10, cases: 216, auc: 0.8083, auc_ci95: [0.7437, 0.8729], accuracy: 0.7593,
    sensitivity: 0.7237, specificity: 0.8438, baseline_auc: 0.8079 };
  assert.equal(cvPhrase({ cv }), 'cross-validated (10-fold): AUC 0.81 (95% CI 0.74-0.87), accuracy 0.76, ' +
    'sensitivity 0.72, specificity 0.84; the segment-score baseline\'s AUC 0.81');
});

test('partial or foreign cv metadata: what is there, or nothing', () => {
  assert.equal(cvPhrase({ cv: { accuracy: 0.7 } }), 'cross-validated: accuracy 0.70');
  assert.equal(cvPhrase({ cv: { auc_ci95: [0.1, 0.2] } }), '');        // an interval without its AUC says nothing
  assert.equal(cvPhrase({ cv: { auc: 0.5, auc_ci95: ['a', 1] } }), 'cross-validated: AUC 0.50');
  assert.equal(cvPhrase({ cv: 'high' }), '');
  assert.equal(cvPhrase(null), '');
});
