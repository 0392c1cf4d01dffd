#!/usr/bin/env bash
# The seed MLP's full run: 20 epochs of RMSprop on the official MNIST split (Keras: 98.40%).
# Prints one line per epoch and the final test accuracy. Run after `npm run build`:
#   bash bench/mnist-mlp.sh [--backend wasm|cpu]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
node packages/cli/bin/nn.js train examples/mnist-mlp.nn --json --out "$out" "$@" | tee "$out/log.jsonl"
end=$(date +%s)
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const done = lines.at(-1);
console.log(`\nMnistMlp, 20 epochs: test accuracy ${(done.test.accuracy * 100).toFixed(2)}% (Keras: 98.40%), ${done.seconds} s on ${done.backend}, ${(done.seconds / (lines.length - 1)).toFixed(1)} s/epoch`);
' "$out/log.jsonl"
echo "wall time: $((end - start)) s on $(nproc) cores"
