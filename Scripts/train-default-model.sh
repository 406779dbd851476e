#!/usr/bin/env bash
# Trains the built-in strong model from a fresh clone and embeds it in the binary.
#
# Everything that decides the result is fixed here: the network, the optimizer, the augmentation,
# the seed, the thread count and OpenBLAS's kernels (Haswell's AVX2 ones, which every x86-64-v3
# machine runs, so that AVX-512 machines round as AVX2 ones do); SOURCE_DATE_EPOCH fixes the
# creation time stored in the file, so a rerun writes the same bytes. It trains on all 60,000
# training digits and keeps the last epoch, saved without its optimizer state (`digits export`) as
# data/strong-model.dgts, and Scripts/embed-models.sh embeds it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Batch norm after every convolution, strided 5×5 convolutions in place of pooling, and an 11th
# output for "not a digit", trained on 30,000 generated pictures that are not digits (pen-drawn and
# typeset letters and symbols, scribbles, shapes, pairs and pieces of digits, textures, noise).
arch=conv3:32,batchnorm,relu,conv3:32,batchnorm,relu,conv5:32:s2:p2,batchnorm,relu,dropout:0.4
arch+=,conv3:64,batchnorm,relu,conv3:64,batchnorm,relu,conv5:64:s2:p2,batchnorm,relu,dropout:0.4
arch+=,conv4:128,batchnorm,relu,dense:11
augment=rotate=12,scale=0.12,shear=0.3,coarsen=0.5

[ -f data/mnist/train-images-idx3-ubyte.gz ] || Scripts/fetch-mnist.sh
swift build -c release --product digits
digits=$(swift build -c release --show-bin-path)/digits
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export SOURCE_DATE_EPOCH=1795000000 DIGITS_OPENBLAS_CORETYPE=Haswell
"$digits" train --data data/mnist --arch "$arch" --augment "$augment" --non-digits 30000 \
  --optimizer adam --learning-rate 0.001 --lr-decay 0.9 --batch-size 64 --epochs 30 \
  --seed 1 --threads 2 --log-every 0 --output "$work/strong.dgts"
# "Not a digit" only above 60%: 0.21% of MNIST's test digits rejected (0.32% at the likeliest
# output) and at most 0.99% of any --style's, against 95.5% of the non-digit checks (96.9%).
"$digits" export "$work/strong.dgts" --output data/strong-model.dgts --reject-above 0.6
Scripts/embed-models.sh
sha256sum data/strong-model.dgts
