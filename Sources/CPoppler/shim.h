#ifndef INTAKE_CPOPPLER_SHIM_H
#define INTAKE_CPOPPLER_SHIM_H
// Poppler's GLib API (libpoppler-glib-dev) renders PDF pages onto cairo image surfaces; cairo's
// PDF surface writes the letters the tests and the demo render.
#include <poppler.h>
#include <cairo.h>
#include <cairo-pdf.h>
#endif
