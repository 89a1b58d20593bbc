#!/usr/bin/env python3
"""PyTorch (CPU) reference for `vae-cli bench --vgg`: W1's training step (the VAE of
../shared/bench/torch_ref.py, B=64 at 64x64, latent 100, KL weight 1, Adam 5e-4) with a VGG-16
loss network instead of AlexNet: torchvision's vgg16 `features` through relu3_3, random frozen
weights, inputs normalised as torchvision's ImageNet models expect, MSE on relu1_2, relu2_2 and
relu3_3. float32, torch.set_num_threads(2); warm-up, then N timed steps; the last line is JSON.

  python Scripts/torch-vgg-loss-step.py --steps 5
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

B = 64
# torchvision's vgg16 features through relu3_3 (indices 0-15), and where the three ReLUs are.
CONFIGURATION = [64, 64, "M", 128, 128, "M", 256, 256, 256]
TAPS = {3: "relu1_2", 8: "relu2_2", 15: "relu3_3"}


def vgg_through_relu3_3():
    layers, channels = [], 3
    for v in CONFIGURATION:
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(channels, v, 3, padding=1), nn.ReLU(inplace=False)]
            channels = v
    return nn.Sequential(*layers)


class Encoder(nn.Module):
    def __init__(self, zdim=100):
        super().__init__()
        self.convs = nn.Sequential(
            nn.Conv2d(3, 32, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(32, 64, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(128, 256, 4, 2, 1), nn.LeakyReLU(0.2))
        self.fc_mu, self.fc_logvar = nn.Linear(4096, zdim), nn.Linear(4096, zdim)

    def forward(self, x):
        h = torch.flatten(self.convs(x), 1)
        return self.fc_mu(h), self.fc_logvar(h)


class Decoder(nn.Module):
    def __init__(self, zdim=100):
        super().__init__()
        self.fc = nn.Linear(zdim, 4096)
        self.deconvs = nn.Sequential(
            nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.LeakyReLU(0.2), nn.ConvTranspose2d(128, 64, 4, 2, 1),
            nn.LeakyReLU(0.2), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.ConvTranspose2d(32, 3, 4, 2, 1), nn.Sigmoid())

    def forward(self, z):
        return self.deconvs(F.leaky_relu(self.fc(z), 0.2).view(-1, 256, 4, 4))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    enc, dec, vgg = Encoder(), Decoder(), vgg_through_relu3_3().eval()
    for p in vgg.parameters():
        p.requires_grad_(False)
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=5e-4)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    x = torch.rand(B, 3, 64, 64)

    def taps(img):
        h, out = (img - mean) / std, []
        for index, layer in enumerate(vgg):
            h = layer(h)
            if index in TAPS:
                out.append(h)
        return out

    def step():
        start = time.perf_counter()
        mu, logvar = enc(x)
        xh = dec(mu + torch.exp(0.5 * logvar) * torch.randn_like(mu))
        with torch.no_grad():
            fx = taps(x)
        loss = sum(F.mse_loss(a, b) for a, b in zip(taps(xh), fx))
        loss = loss + (-0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return time.perf_counter() - start

    for _ in range(args.warmup):
        step()
    times = [step() for _ in range(args.steps)]
    median = statistics.median(times)
    print(f"W1 with VGG-16 loss (relu1_2, relu2_2, relu3_3), B={B}: median step {median * 1e3:.1f} ms, "
          f"{B / median:.1f} images/s over {args.steps} steps")
    print("JSON " + json.dumps({"torch": torch.__version__, "w1_vgg16": {"images_per_s": B / median,
                                                                        "step_ms": median * 1e3}}))


if __name__ == "__main__":
    main()
