#!/usr/bin/env bash
# The test suite under a sanitizer, in a build folder of its own (.build-asan or .build-tsan),
# so that the everyday build is left alone:
#
#   bash Docker/sanitize.sh address                  # AddressSanitizer: the whole suite
#   bash Docker/sanitize.sh thread                   # ThreadSanitizer: the whole suite
#   bash Docker/sanitize.sh thread --filter BusTests # any `swift test` arguments after the name
#
# The intake and intake-bench executables the tests start are built with the same sanitizer, so a
# report from a child process fails its test too (it exits non-zero). A first build takes about
# as long as the everyday one; the suite runs 2-3 times (address) and 5-10 times (thread) slower.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer=${1:-}
case $sanitizer in
  address|thread) shift ;;
  *) echo "usage: bash Docker/sanitize.sh address|thread [swift test arguments]" >&2; exit 2 ;;
esac

. Docker/test-env.sh
# A process that made a report exits non-zero (ASan at the first, TSan at its end, 66), whichever process it is.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-second_deadlock_stack=1:suppressions=$PWD/Docker/tsan-suppressions.txt}
# Swift's backtracer and the sanitizers both want the crash signal; the sanitizer's report is the one to read.
export SWIFT_BACKTRACE=enable=no

scratch=.build-${sanitizer:0:1}san
echo "sanitize.sh: building with --sanitize=$sanitizer in $scratch" >&2
swift build --build-tests --scratch-path "$scratch" --sanitize="$sanitizer"
mkdir -p .intake
log=.intake/test-$sanitizer.log
args=("$@")
((${#args[@]} == 0)) && args=(--skip NewChannelTests)
set +e
swift test --skip-build --scratch-path "$scratch" --sanitize="$sanitizer" "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if ((status != 0)); then
  echo "sanitize.sh: the tests failed under $sanitizer (exit $status); sanitizer reports and issues in $log:" >&2
  grep -E "ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer|SUMMARY: |✘ Test .* recorded an issue" "$log" | head -60 >&2 || true
fi
exit "$status"
