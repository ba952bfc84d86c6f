#ifndef INTAKE_CLIBPQ_SHIM_H
#define INTAKE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
