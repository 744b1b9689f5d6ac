"""roc_stats.py: ROC AUC with DeLong's variance, for the scripts that read prediction files
(scripts/robustness, scripts/reproduce). The C core has its own (core/cv/roc.c) for the
reports; this is the same method for figures the reports do not make.

DeLong, DeLong & Clarke-Pearson 1988: the AUC is the mean of the placement values; its
variance comes from their spread over positives and over negatives. For two scores on the
same cases the covariance of the two AUCs makes the paired test. Standard library only."""
import math


def _placements(pos, neg):
    """V10[i]: share of negatives below positive i (ties half); V01[j]: share of positives above negative j."""
    v10 = [(sum(1.0 for n in neg if n < p) + 0.5 * sum(1.0 for n in neg if n == p)) / len(neg) for p in pos]
    v01 = [(sum(1.0 for p in pos if p > n) + 0.5 * sum(1.0 for p in pos if p == n)) / len(pos) for n in neg]
    return v10, v01


def _cov(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (len(a) - 1)


def _split(labels, scores):
    pos = [s for y, s in zip(labels, scores) if y == 1]
    neg = [s for y, s in zip(labels, scores) if y == 0]
    if len(pos) < 2 or len(neg) < 2:
        raise ValueError("an AUC needs at least two cases of each class")
    return pos, neg


def _auc_se(labels, scores):
    pos, neg = _split(labels, scores)
    v10, v01 = _placements(pos, neg)
    var = _cov(v10, v10) / len(pos) + _cov(v01, v01) / len(neg)
    return sum(v10) / len(v10), math.sqrt(max(var, 0.0))


def auc(labels, scores):
    """(AUC, 95% CI low, high) by DeLong's variance, clipped to [0, 1]."""
    a, se = _auc_se(labels, scores)
    return a, max(0.0, a - 1.959964 * se), min(1.0, a + 1.959964 * se)


def paired_difference(labels, scores_a, scores_b):
    """AUC(a) - AUC(b) on the same cases: (difference, 95% CI low, high, two-sided p)."""
    pa, na = _split(labels, scores_a)
    pb, nb = _split(labels, scores_b)
    a10, a01 = _placements(pa, na)
    b10, b01 = _placements(pb, nb)
    d = sum(a10) / len(a10) - sum(b10) / len(b10)
    var = ((_cov(a10, a10) + _cov(b10, b10) - 2 * _cov(a10, b10)) / len(pa) +
           (_cov(a01, a01) + _cov(b01, b01) - 2 * _cov(a01, b01)) / len(na))
    se = math.sqrt(max(var, 0.0))
    p = math.erfc(abs(d) / se / math.sqrt(2)) if se > 0 else (1.0 if d == 0 else 0.0)
    return d, d - 1.959964 * se, d + 1.959964 * se, p


def unpaired_difference(labels_a, scores_a, labels_b, scores_b):
    """AUC(a) - AUC(b) on different cases (independent samples): (difference, low, high)."""
    a, sa = _auc_se(labels_a, scores_a)
    b, sb = _auc_se(labels_b, scores_b)
    se = math.hypot(sa, sb)
    return a - b, a - b - 1.959964 * se, a - b + 1.959964 * se
