#!/usr/bin/env bash
# The fresh-machine job: the tests a new user's first `make test` depends on, on a machine with
# no Korean font, no Chromium and no PostgreSQL. CI's machine has all three installed, so the
# job hides them instead of relying on their absence:
#   - fonts: a private mount namespace (unshare -m) with an empty tmpfs over every folder that
#     holds a Korean font (fc-list :lang=ko) and over fontconfig's caches, plus an empty
#     MPLCONFIGDIR, because matplotlib scans the font folders itself and caches what it found;
#   - Chromium: CERTTRAINING_CHROMIUM points at a path with no browser;
#   - PostgreSQL: no CERTTRAINING_TEST_PG_URL;
#   - and no CERTTRAINING_REQUIRE_ALL, so what needs them skips instead of failing.
# What it runs, and why this much: `make test-fast` (every unit test that needs no browser and
# starts nothing slow: the charts, the handout font subset and the fresh-machine chart test
# among them), nbval on the instructor notebook (its charts were the cells that failed on a
# machine without fonts), and the handout browser tests plus the printed-handout test, which
# must skip naming the missing Chromium. About 2 minutes (2.5 on a busy 2-core machine with
# test-fast on 2 workers); the full suite follows in .ci/run.
# It passes only if all of that passes and the skips name Chromium and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" != "--inside" ]]; then
  mapfile -t fonts < <(fc-list :lang=ko file 2>/dev/null | cut -d: -f1 | xargs -r -n1 dirname | sort -u)
  echo "fresh-machine job: hiding ${#fonts[@]} font folder(s): ${fonts[*]:-none}"
  exec env -u CERTTRAINING_TEST_PG_URL -u CERTTRAINING_REQUIRE_ALL \
    CERTTRAINING_CHROMIUM=/nonexistent/chromium \
    unshare -m --propagation private bash "$0" --inside "${fonts[@]}"
fi
shift

for folder in "$@" /var/cache/fontconfig "$HOME/.cache/fontconfig"; do
  if [[ -d "$folder" ]]; then
    mount -t tmpfs -o size=1m tmpfs "$folder"
  fi
done
if fc-list :lang=ko | grep -q .; then
  echo "fresh-machine job: Korean fonts are still visible" >&2
  exit 1
fi
MPLCONFIGDIR=$(mktemp -d)
export MPLCONFIGDIR
log=$(mktemp)
trap 'rm -rf "$MPLCONFIGDIR" "$log"' EXIT

make test-fast PYTEST_FLAGS="-n ${PYTEST_WORKERS:-2}" 2>&1 | tee "$log"
# nbval starts from an empty matplotlib cache of its own, as a first notebook run would.
MPLCONFIGDIR=$(mktemp -d -p "$MPLCONFIGDIR") \
  .venv/bin/pytest -p no:cacheprovider -rs --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
  notebooks/instructor/class_progress.ipynb tests/browser/test_handouts.py \
  "tests/test_fresh_machine.py::test_printed_handout_embeds_its_korean_font_with_no_system_font" \
  2>&1 | tee -a "$log"

for reason in "no Chromium at /nonexistent/chromium" "CERTTRAINING_TEST_PG_URL is not set"; do
  if ! grep -q "SKIPPED.*$reason" "$log"; then
    echo "fresh-machine job: expected tests skipped with the reason '$reason'" >&2
    exit 1
  fi
done
if grep -q "missing from font" "$log"; then
  echo "fresh-machine job: a chart wrote a missing-glyph warning" >&2
  exit 1
fi
echo "fresh-machine job: passed, with the skips named above"
