#!/usr/bin/env bash
# Side by side, in one run: this generator and openapi-to-rust on OpenAI's spec, the largest
# other corpus spec and a mid-size one, and for OpenAI's spec the hand-written async-openai
# (0.43, every API feature: `full`) beside them. For each generated crate: the generation time, lines of
# Rust (without our vendored runtime), and the wall time and peak memory of `cargo check` of
# the crate alone. Dependencies are checked first (with an empty lib.rs), and the crate is then
# checked with incremental compilation off, as a clean build or a CI run checks it. For OpenAI's
# spec it also checks our crate with only the `chat` feature, and times our generator through
# the dev-profile binary that `cargo xtask codegen` runs and through a release build.
#
#   cargo install openapi-to-rust --version 0.23.0 --root /tmp/o2r      # once
#   O2R=/tmp/o2r/bin/openapi-to-rust bash codegen/benches/compare_openapi_to_rust.sh
#
# Without openapi-to-rust installed its rows say so and the rest runs. BASE=path/to/xtask (an
# earlier commit's binary, built in a worktree) adds its crate's rows beside ours, to hold a
# change to the generated code to what it costs users.
set -uo pipefail
cd "$(dirname "$0")/../.."
O2R=${O2R:-openapi-to-rust}
WORK=${WORK:-/tmp/o2r-compare}
CORPUS=${CORPUS:-../shared/specs/corpus}
SPECS=${SPECS:-"openai-openapi-2026-08-21.yaml mistral-openapi-2026-08-21.yaml spotify-web-api.yaml"}
mkdir -p "$WORK"
cargo build -q -p xtask && cargo build -q --release -p xtask || exit 1
DEV=target/debug/xtask
RELEASE=target/release/xtask
export CARGO_TARGET_DIR="$WORK/target"

seconds() { # the wall time of a command, in seconds
  local start; start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || return 1
  echo "$(date +%s.%N) - $start" | bc
}
lines() { find "$1" -name '*.rs' -not -path '*/runtime/*' -print0 | xargs -0 cat | wc -l; }
# `cargo check` of the crate in $1 alone, with the cargo arguments after it.
check() {
  local dir=$1; shift
  mv "$dir/src/lib.rs" "$dir/src/lib.rs.real" && : > "$dir/src/lib.rs"
  (cd "$dir" && cargo check -q "$@" >/dev/null 2>&1)      # dependencies
  mv "$dir/src/lib.rs.real" "$dir/src/lib.rs"
  CARGO_INCREMENTAL=0 /usr/bin/time -f "%e s, %M KB" -o "$WORK/time.txt" \
    bash -c "cd '$dir' && cargo check -q $* >'$WORK/check.log' 2>&1"
  if [ $? -ne 0 ]; then echo "does not compile: $(grep -m1 '^error' "$WORK/check.log")"; else cat "$WORK/time.txt"; fi
}

# `cargo check` of a dependency alone: everything is checked once, then the dependency's own
# artifacts are removed and it is checked again, with incremental compilation off.
check_dependency() {
  local dir=$1 package=$2
  (cd "$dir" && cargo check -q >/dev/null 2>&1 && cargo clean -q -p "$package" >/dev/null 2>&1)
  CARGO_INCREMENTAL=0 /usr/bin/time -f "%e s, %M KB" -o "$WORK/time.txt" \
    bash -c "cd '$dir' && cargo check -q >'$WORK/check.log' 2>&1"
  if [ $? -ne 0 ]; then echo "does not compile: $(grep -m1 '^error' "$WORK/check.log")"; else cat "$WORK/time.txt"; fi
}

printf '| spec | generator | generated in | lines (without runtime) | `cargo check` of the crate |\n|---|---|---:|---:|---|\n'
for spec in $SPECS; do
  name=${spec%.*}
  src=$CORPUS/$spec

  ours=$WORK/ours-$name
  rm -rf "$ours" "$ours-release"
  dev=$(seconds "$DEV" codegen --spec "$src" --out "$ours")
  release=$(seconds "$RELEASE" codegen --spec "$src" --out "$ours-release")
  printf '| %s | anyfast-codegen | %.2f s (release %.2f s) | %s | %s |\n' "$spec" "$dev" "$release" \
    "$(lines "$ours/src")" "$(check "$ours")"
  if [ -n "${BASE:-}" ]; then
    base=$WORK/base-$name
    rm -rf "$base"
    gen=$(seconds "$BASE" codegen --spec "$src" --out "$base")
    printf '| %s | anyfast-codegen (base: %s) | %.2f s | %s | %s |\n' "$spec" "$BASE" "$gen" \
      "$(lines "$base/src")" "$(check "$base")"
  fi
  if grep -q '^chat = ' "$ours/Cargo.toml"; then
    printf '| %s | anyfast-codegen, `--no-default-features --features chat` | | | %s |\n' "$spec" \
      "$(check "$ours" --no-default-features --features chat)"
  fi

  # The same API written by hand: async-openai with every API feature, for OpenAI's spec.
  if [ "${name#openai-}" != "$name" ]; then
    ao=$WORK/async-openai
    rm -rf "$ao" && mkdir -p "$ao/src"
    printf '[package]\nname = "async-openai-check"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nasync-openai = { version = "=0.43.0", features = ["full"] }\n\n[workspace]\n' > "$ao/Cargo.toml"
    printf 'pub use async_openai;\n' > "$ao/src/lib.rs"
    printf '| %s | async-openai 0.43 (hand-written, `full`) | | %s | %s |\n' "$spec" \
      "$(find "$HOME"/.cargo/registry/src/*/async-openai-0.43.0/src -name '*.rs' -print0 2>/dev/null | xargs -0 cat 2>/dev/null | wc -l)" \
      "$(check_dependency "$ao" async-openai)"
  fi

  if ! command -v "$O2R" >/dev/null 2>&1; then
    printf '| %s | openapi-to-rust | not installed | | |\n' "$spec"
    continue
  fi
  # openapi-to-rust writes edition 2024 code (let chains), so its crate is edition 2024, and
  # its module is `api` (`gen` is reserved there).
  theirs=$WORK/o2r-$name
  rm -rf "$theirs" && mkdir -p "$theirs/src"
  if gen=$(seconds "$O2R" generate "$src" --output-dir "$theirs/src/api" --module-name api); then
    { printf '[package]\nname = "o2r-%s"\nversion = "0.1.0"\nedition = "2024"\n\n[workspace]\n\n' "$name"
      grep -v '^#' "$theirs/src/api/REQUIRED_DEPS.toml"; } > "$theirs/Cargo.toml"
    printf 'pub mod api;\n' > "$theirs/src/lib.rs"
    printf '| %s | openapi-to-rust | %.2f s | %s | %s |\n' "$spec" "$gen" "$(lines "$theirs/src")" "$(check "$theirs")"
  else
    "$O2R" generate "$src" --output-dir "$theirs/src/api" --module-name api >/dev/null 2>"$WORK/o2r.err"
    printf '| %s | openapi-to-rust | refused: %s | | |\n' "$spec" "$(head -c 120 "$WORK/o2r.err" | tr '\n' ' ')"
  fi
done
