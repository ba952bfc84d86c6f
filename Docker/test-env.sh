# Sourced by Docker/test.sh and Docker/sanitize.sh: installs what is missing and sets the
# environment the tests read. Run from the repository's root.
bash Docker/stack.sh install
# The Python clients the end-to-end tests drive (twilio, paho-mqtt, imapclient, selenium).
export INTAKE_PYTHON=${INTAKE_PYTHON:-$(bash Docker/python-env.sh ./.intake/venv)}
if [[ -z ${INTAKE_SHARED_DATA:-} ]]; then
  for d in ../shared/data ../../shared/data /work/shared/data; do
    if [[ -f $d/README.md ]]; then export INTAKE_SHARED_DATA=$(cd "$d" && pwd); break; fi
  done
fi
# libgomp reads this as a process loads: the test process's OCR workers use one OpenMP thread each.
export OMP_THREAD_LIMIT=${OMP_THREAD_LIMIT:-1}
