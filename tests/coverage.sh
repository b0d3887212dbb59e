#!/usr/bin/env bash
# tests/coverage.sh — line coverage of engine/ and nlp/ by the unit tests alone (ctest -L
# unit), measured with gcov through gcovr (Debian: apt-get install gcovr). Builds into
# build-cov/ (or $1). Prints gcovr's table per file and the totals.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build-cov}
cmake -S . -B "$B" -DRD_COVERAGE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$B" -j2 >/dev/null
find "$B" -name '*.gcda' -delete
ctest --test-dir "$B" -L unit -j2 --output-on-failure >/dev/null
for f in engine nlp; do
    echo "== $f/"
    gcovr -r . --filter "$f/" "$B" | tail -n +4
done
echo "== engine/ and nlp/ together"
gcovr -r . --filter 'engine/' --filter 'nlp/' "$B" | tail -2
