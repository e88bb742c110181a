#!/usr/bin/env bash
# Side by side, in one run: this generator and openapi-to-rust on the three largest corpus
# specs. For each output: lines of Rust, generation time, and the time and peak memory of
# `cargo check` on the generated crate alone (dependencies are checked once beforehand, then
# the crate's own source is touched and checked again).
#
#   cargo install openapi-to-rust --root /tmp/o2r      # once
#   O2R=/tmp/o2r/bin/openapi-to-rust bash codegen/benches/compare_openapi_to_rust.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
O2R=${O2R:-openapi-to-rust}
WORK=${WORK:-/tmp/o2r-compare}
SPECS=${SPECS:-"mistral-openapi-2026-08-21.yaml dropboxsign-openapi.yaml qdrant-openapi.json"}
mkdir -p "$WORK"
cargo build -q --release -p xtask
XTASK=target/release/xtask
export CARGO_TARGET_DIR="$WORK/target"

lines() { find "$1" -name '*.rs' -not -path '*/runtime/*' -print0 | xargs -0 cat | wc -l; }
check() {
  (cd "$1" && cargo check -q >/dev/null 2>&1)            # dependencies
  touch "$1/src/lib.rs"
  /usr/bin/time -f "%e s, %M KB" -o "$WORK/time.txt" bash -c "cd '$1' && cargo check -q >/dev/null 2>&1"
  local status=$?
  if [ $status -ne 0 ]; then echo "does not compile"; else cat "$WORK/time.txt"; fi
}

printf '| spec | generator | generated in | lines (without runtime) | `cargo check` of the crate |\n|---|---|---:|---:|---|\n'
for spec in $SPECS; do
  name=${spec%.*}
  src=tests/fixtures/corpus/$spec

  ours=$WORK/ours-$name
  rm -rf "$ours"
  start=$(date +%s.%N)
  $XTASK codegen --spec "$src" --out "$ours" >/dev/null 2>&1
  gen=$(echo "$(date +%s.%N) - $start" | bc)
  printf '| %s | anyfast-codegen | %.2f s | %s | %s |\n' "$spec" "$gen" "$(lines "$ours/src")" "$(check "$ours")"

  theirs=$WORK/o2r-$name
  rm -rf "$theirs" && mkdir -p "$theirs/src"
  start=$(date +%s.%N)
  if "$O2R" generate "$src" --output-dir "$theirs/src/gen" --module-name gen >/dev/null 2>"$WORK/o2r.err"; then
    gen=$(echo "$(date +%s.%N) - $start" | bc)
    { printf '[package]\nname = "o2r-%s"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n\n' "$name"
      grep -v '^#' "$theirs/src/gen/REQUIRED_DEPS.toml"; } > "$theirs/Cargo.toml"
    printf 'pub mod gen;\n' > "$theirs/src/lib.rs"
    printf '| %s | openapi-to-rust | %.2f s | %s | %s |\n' "$spec" "$gen" "$(lines "$theirs/src")" "$(check "$theirs")"
  else
    printf '| %s | openapi-to-rust | refused: %s | | |\n' "$spec" "$(head -c 120 "$WORK/o2r.err" | tr '\n' ' ')"
  fi
done
