"""Golden LPIPS-vgg distances for LPIPSTests, computed once with the official package in a
throw-away venv (lpips 0.1.4, torch, torchvision; never a dependency of the project):

    ~/venv-torch/bin/python Tests/PerceptualLossTests/References/lpips_vgg_golden.py

VGG-16 weights: the closed formula of TestSupport/TorchvisionVGGFormula.swift (random-like, since
the real weights cannot be downloaded here), loaded into torchvision's vgg16 and copied into the
package's net slices, whose modules keep vgg16.features' indices; the linear heads are the
package's own weights/v0.1/vgg.pth. Images: LPIPSTests' integer patterns, normalize=True.
"""
import numpy as np
import torch
import torchvision
import lpips


def fill(name, shape, k):
    i = np.arange(int(np.prod(shape)), dtype=np.float64)
    s = np.sin(12.9898 * i + 78.233 * k)
    if name.endswith("bias"):
        v = 0.1 * s
    else:
        v = 2 / np.sqrt(np.prod(shape[1:])) * s
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


vgg = torchvision.models.vgg16(weights=None).eval()
state = vgg.state_dict()
names = [n for n in state if n.startswith("features")]
vgg.load_state_dict({n: fill(n, tuple(state[n].shape), k) for k, n in enumerate(names)}, strict=False)

metric = lpips.LPIPS(pretrained=True, net="vgg", version="0.1", pnet_rand=True, verbose=False).eval()
for slice_ in [metric.net.slice1, metric.net.slice2, metric.net.slice3, metric.net.slice4, metric.net.slice5]:
    for index, module in slice_._modules.items():
        if isinstance(module, torch.nn.Conv2d):
            module.weight.data = vgg.features[int(index)].weight.data.clone()
            module.bias.data = vgg.features[int(index)].bias.data.clone()


def pattern(kind, h, w):
    c, y, x = np.meshgrid(np.arange(3), np.arange(h), np.arange(w), indexing="ij")
    if kind == "ramps":
        k = (3 * (c + 1) * x + 5 * y + 40 * c) % 256
    elif kind == "products":
        k = (x * y + 3 * x + 17 * c) % 256
    elif kind == "checks":
        k = ((x // 4 + y // 4 + c) % 2) * 255
    else:
        k = ((x * 7919 + y * 104729 + c * 13).astype(np.uint32) * np.uint32(2654435761)) >> np.uint32(24)
    return torch.from_numpy((k.astype(np.uint8).astype(np.float32) / np.float32(255))[None])


with torch.no_grad():
    for a, b, h, w in [("ramps", "products", 32, 32), ("checks", "hash", 48, 40)]:
        print(a, b, h, w, metric(pattern(a, h, w), pattern(b, h, w), normalize=True).item())
