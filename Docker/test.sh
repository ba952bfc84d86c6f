#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test. The tests start their
# own mosquitto and PostgreSQL (through Docker/stack.sh) on free loopback ports and stop them.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Docker/stack.sh install
export INTAKE_PYTHON=${INTAKE_PYTHON:-$(bash Docker/python-env.sh ./.intake/venv)}
if [[ -z ${INTAKE_SHARED_DATA:-} ]]; then
  for d in ../shared/data ../../shared/data /work/shared/data; do
    if [[ -f $d/README.md ]]; then export INTAKE_SHARED_DATA=$(cd "$d" && pwd); break; fi
  done
fi
echo "test.sh: building (a first build takes several minutes)" >&2
swift build --build-tests
echo "test.sh: running the tests" >&2
swift test --skip-build "$@"
