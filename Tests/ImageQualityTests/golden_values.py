"""Golden values for ImageQualityTests: not run by the test suite, kept as the reference.

Run with a venv outside the repository:
    python3 -m venv ~/venv-skimage && ~/venv-skimage/bin/pip install scikit-image numpy
    ~/venv-skimage/bin/python Tests/ImageQualityTests/golden_values.py

The images come from integer patterns that TestImages.swift writes out the same way: the
integers are divided by 255 in float32 (as the Swift tensors hold them), then widened to float64.
Printed with scikit-image 0.26.0, scipy 1.17.1 and numpy 2.4.6.
"""
import numpy as np
from skimage.metrics import structural_similarity

M = 0xFFFFFFFF


def hash32(seed, k):
    """A 32-bit integer hash (multiply, xor-shift), the same as TestImages.hash in Swift."""
    x = ((k + 1) * 0x9E3779B1 + seed * 0x85EBCA77) & M
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & M
    x ^= x >> 12
    x = (x * 0x297A2D39) & M
    x ^= x >> 15
    return x


def levels(kind, seed, c, h, w):
    """Integer levels 0...255 of shape (c, h, w): 'noise' (hashed) or 'smooth' (ramps that wrap)."""
    out = np.zeros((c, h, w), dtype=np.int64)
    for ch in range(c):
        for y in range(h):
            for x in range(w):
                k = (ch * h + y) * w + x
                if kind == "noise":
                    out[ch, y, x] = hash32(seed, k) & 255
                else:
                    out[ch, y, x] = (x * 7 + y * 3 + ch * 40 + (x * y) // 5 + seed) % 256
    return out


def perturbed(a, seed, amplitude):
    """a plus hashed noise in -amplitude...amplitude, clamped to 0...255."""
    c, h, w = a.shape
    out = a.copy()
    for ch in range(c):
        for y in range(h):
            for x in range(w):
                k = (ch * h + y) * w + x
                out[ch, y, x] = min(255, max(0, a[ch, y, x] + hash32(seed, k) % (2 * amplitude + 1) - amplitude))
    return out


def to_float(levels):
    return (levels.astype(np.float32) / np.float32(255)).astype(np.float64)


# (kind, seed, channels, height, width, amplitude); amplitude 0: b is independent noise of seed + 1.
SSIM_CASES = [
    ("noise", 1, 1, 11, 11, 40),
    ("smooth", 2, 1, 11, 11, 20),
    ("noise", 3, 1, 16, 23, 0),
    ("smooth", 4, 3, 32, 32, 30),
    ("noise", 5, 3, 32, 32, 60),
    ("smooth", 6, 1, 64, 64, 10),
    ("smooth", 7, 3, 64, 48, 80),
    ("noise", 8, 3, 128, 128, 25),
    ("smooth", 9, 1, 100, 77, 50),
    ("smooth", 10, 3, 224, 224, 15),
    ("noise", 11, 1, 224, 224, 100),
    ("smooth", 12, 3, 12, 13, 5),
]


def ssim_golden(kind, seed, c, h, w, amplitude):
    a = levels(kind, seed, c, h, w)
    b = perturbed(a, seed + 100, amplitude) if amplitude > 0 else levels("noise", seed + 1, c, h, w)
    fa, fb = to_float(a), to_float(b)
    if c == 1:
        return structural_similarity(fa[0], fb[0], data_range=1, channel_axis=None, gaussian_weights=True,
                                     sigma=1.5, use_sample_covariance=False)
    return structural_similarity(fa, fb, data_range=1, channel_axis=0, gaussian_weights=True,
                                 sigma=1.5, use_sample_covariance=False)


def lattice_fraction(image):
    """The periodic-artifact fraction of an image (c, s, s): power summed over channels."""
    c, s, _ = image.shape
    power = np.zeros((s, s))
    for ch in range(c):
        d = image[ch] - image[ch].mean()
        power += np.abs(np.fft.fft2(d)) ** 2
    u = np.arange(s)[:, None]
    v = np.arange(s)[None, :]
    wrapped_u, wrapped_v = np.minimum(u, s - u), np.minimum(v, s - v)
    lattice = (u % (s // 4) == 0) | (v % (s // 4) == 0)
    corner = (wrapped_u < s / 8) & (wrapped_v < s / 8)
    total = power.sum()
    return power[lattice & ~corner].sum() / total if total > 0 else 0.0


# (kind, seed, channels, size, amplitude): the fraction of b, perturbed from a (or a itself at 0).
SPECTRUM_CASES = [
    ("noise", 21, 1, 8, 0),
    ("smooth", 22, 3, 16, 0),
    ("noise", 23, 3, 32, 30),
    ("smooth", 24, 1, 64, 40),
    ("smooth", 25, 3, 128, 20),
    ("noise", 26, 3, 24, 10),
]

if __name__ == "__main__":
    for case in SSIM_CASES:
        print("ssim", case, repr(float(ssim_golden(*case))))
    for kind, seed, c, s, amplitude in SPECTRUM_CASES:
        a = levels(kind, seed, c, s, s)
        b = perturbed(a, seed + 100, amplitude) if amplitude > 0 else a
        fb, fa = lattice_fraction(to_float(b)), lattice_fraction(to_float(a))
        print("fraction", (kind, seed, c, s, amplitude), repr(float(fb)), "of a:", repr(float(fa)),
              "ratio:", repr(float(fb / fa)))
    # A median over pairs: the three perturbed 32x32 pairs of seeds 31, 32, 33 (noise, amplitude 40).
    ratios = []
    for seed in (31, 32, 33):
        a = levels("noise", seed, 3, 32, 32)
        ratios.append(lattice_fraction(to_float(perturbed(a, seed + 100, 40))) / lattice_fraction(to_float(a)))
    print("ratios", [repr(float(r)) for r in ratios], "median", repr(float(np.median(ratios))))
