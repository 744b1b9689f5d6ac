"""vgg_torch.py small|full DIR: the PyTorch reference for polarcad's VGG (test_vgg_torch.c).

Reads OUR model file (DIR/<mode>.pcm, through pcmodel.py, a second reader of the format)
and the inputs the C test wrote (DIR/<mode>_input.fix), builds the same network in
PyTorch in float64 (the "truth" the float32 C engine is measured against), and writes
DIR/<mode>_ref.fix with:

  logits_eval                      logits of every image, dropout off
  gradcam/<layer>/act, .../grad    image 0: the conv layer's output and d logit[class] / d output
  (small only)
  step1/loss, step1/grad/<tensor>  mean cross-entropy and the gradient of every trainable
                                   tensor (top k convs + head), dropout ON with polarcad's own
                                   masks (PCG32 replayed, pcg32.py)
  losses                           the loss of each of 5 Keras-Adam steps on the same batch
  final/<tensor>                   every trainable tensor after those 5 steps

Conventions (docs/pipeline.md 5): Keras kernels HWIO -> torch OIHW; "same" = padding 1; max-pool
floors (torch default); global max-pool = adaptive_max_pool2d (first maximum, as polarcad);
Adam written by hand in Keras' form (epsilon added to the uncorrected sqrt(v)).
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture  # noqa: E402
import pcmodel  # noqa: E402
from pcg32 import PCG32  # noqa: E402

torch.set_default_dtype(torch.float64)


def build(model, trainable_convs):
    convs = pcmodel.conv_layers(model.arch)
    params, trainable = {}, []
    top = set(convs[len(convs) - trainable_convs:]) if trainable_convs >= 0 else set(convs)
    for name, value in model.tensors.items():
        t = torch.tensor(value.astype(np.float64))
        layer = name.split("/")[0]
        if t.ndim == 4:
            t = t.permute(3, 2, 0, 1).contiguous()   # HWIO -> OIHW
        is_trainable = layer in top or layer.startswith("dense")
        t.requires_grad_(is_trainable)
        params[name] = t
        if is_trainable:
            trainable.append(name)
    return convs, params, trainable


def forward(model, convs, params, x, masks=None, keep_acts=()):
    """x: (N, H, W, 3) numpy -> logits (N, classes); acts[layer] kept with retain_grad."""
    h = torch.tensor(x)
    if keep_acts:   # frozen layers too must carry gradients back to the kept activations
        h.requires_grad_(True)
    h = h.permute(0, 3, 1, 2)
    acts = {}
    for i, layer in enumerate(convs):
        h = F.relu(F.conv2d(h, params[layer + "/kernel"], params[layer + "/bias"], padding=1))
        if layer in keep_acts:
            h.retain_grad()
            acts[layer] = h
        nxt = convs[i + 1] if i + 1 < len(convs) else None
        if nxt is None or nxt.split("_")[0] != layer.split("_")[0]:
            h = F.max_pool2d(h, 2)
    h = F.adaptive_max_pool2d(h, 1).flatten(1)
    features = h
    rate = model.dropout
    for d, name in enumerate(("dense", "dense_1")):
        h = F.relu(h @ params[name + "/kernel"] + params[name + "/bias"])
        if masks is not None:
            h = h * torch.tensor(masks[d]) / (1.0 - rate)
    logits = h @ params["dense_2/kernel"] + params["dense_2/bias"]
    return logits, acts, features


def to_keras_layout(name, t):
    a = t.detach().numpy()
    return a.transpose(2, 3, 1, 0) if a.ndim == 4 else a   # OIHW -> HWIO


def draw_masks(rng, n, model):
    masks = []
    for width in (model.dense1, model.dense2):
        m = np.array([[1.0 if rng.uniform() >= np.float32(model.dropout) else 0.0 for _ in range(width)]
                      for _ in range(n)])
        masks.append(m)
    return masks


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    model = pcmodel.read(os.path.join(folder, mode + ".pcm"))
    inp = fixture.read(os.path.join(folder, mode + "_input.fix"))
    x, labels = inp["x"], inp["labels"].astype(np.int64)
    k, seed = int(inp["trainable_convs"][0]), int(inp["seed"][0])
    gc_class, gc_layers = int(inp["gradcam_class"][0]), ("block5_conv3", "block4_conv2")
    convs, params, trainable = build(model, k)
    out = {}

    logits, _, features = forward(model, convs, params, x)
    out["logits_eval"] = logits.detach().numpy()
    out["features_eval"] = features.detach().numpy()

    # Grad-CAM: d logit[class] / d activation of two conv layers, image 0, dropout off.
    logits0, acts, _ = forward(model, convs, params, x[:1], keep_acts=gc_layers)
    logits0[0, gc_class].backward()
    for layer in gc_layers:
        out[f"gradcam/{layer}/act"] = acts[layer].detach().permute(0, 2, 3, 1).numpy()[0]
        out[f"gradcam/{layer}/grad"] = acts[layer].grad.permute(0, 2, 3, 1).numpy()[0]
    for p in params.values():
        p.grad = None

    if mode == "small":
        rng = PCG32(seed, 0x64726F70)   # polarcad's dropout stream ("drop")
        lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
        m_state = {n: torch.zeros_like(params[n]) for n in trainable}
        v_state = {n: torch.zeros_like(params[n]) for n in trainable}
        losses = []
        for step in range(1, 6):
            masks = draw_masks(rng, x.shape[0], model)
            logits, _, _ = forward(model, convs, params, x, masks)
            loss = F.cross_entropy(logits, torch.tensor(labels))
            for n in trainable:
                params[n].grad = None
            loss.backward()
            losses.append(loss.item())
            if step == 1:
                out["step1/loss"] = np.array([loss.item()])
                for n in trainable:
                    out["step1/grad/" + n] = to_keras_layout(n, params[n].grad)
            with torch.no_grad():   # Keras Adam (tf ApplyAdam): epsilon on the uncorrected sqrt(v)
                alpha = lr * np.sqrt(1 - b2 ** step) / (1 - b1 ** step)
                for n in trainable:
                    g = params[n].grad
                    m_state[n] = b1 * m_state[n] + (1 - b1) * g
                    v_state[n] = b2 * v_state[n] + (1 - b2) * g * g
                    params[n] -= alpha * m_state[n] / (torch.sqrt(v_state[n]) + eps)
        out["losses"] = np.array(losses)
        for n in trainable:
            out["final/" + n] = to_keras_layout(n, params[n])
    fixture.write(os.path.join(folder, mode + "_ref.fix"), out)
    print(f"vgg_torch {mode}: {len(out)} reference tensors, torch {torch.__version__}, float64")


if __name__ == "__main__":
    main()
