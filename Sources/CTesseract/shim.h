#ifndef INTAKE_CTESSERACT_SHIM_H
#define INTAKE_CTESSERACT_SHIM_H
// Tesseract's C API (libtesseract-dev) and the Leptonica images it reads (libleptonica-dev).
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
// libgomp, which libtesseract links: the thread limit it read from OMP_THREAD_LIMIT at load time.
int omp_get_thread_limit(void);
#endif
