#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
/* Debian's libopenblas-dev installs the CBLAS interface as cblas.h through the alternatives system;
   the OpenBLAS-specific calls (thread count) are declared there too. */
#include <cblas.h>
#endif
