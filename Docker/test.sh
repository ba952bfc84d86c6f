#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test. The tests start their
# own mosquitto and PostgreSQL (through Docker/stack.sh) on free loopback ports and stop them.
set -euo pipefail
cd "$(dirname "$0")/.."

. Docker/test-env.sh
echo "test.sh: building (a first build takes several minutes)" >&2
swift build --build-tests
echo "test.sh: running the tests" >&2
mkdir -p .intake
log=.intake/test.log
set +e
if (($# == 0)); then
  # The new-channel test builds a whole scratch copy of the package; it runs after the others so
  # that its build does not slow their start-ups.
  swift test --skip-build --skip NewChannelTests 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  echo "test.sh: building a generated channel in a scratch copy (several minutes on a first run)" >&2
  swift test --skip-build --filter NewChannelTests 2>&1 | tee -a "$log"
  second=${PIPESTATUS[0]}
  ((status == 0)) && status=$second
else
  swift test --skip-build "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
fi
set -e
if ((status != 0)); then
  # Repeated at the end, where a CI summary that shows only the last lines will have them.
  echo "test.sh: the tests failed (exit $status); the issues they recorded (all output in $log):" >&2
  grep -A4 "recorded an issue" "$log" | head -n 120 >&2 || true
fi
exit "$status"
