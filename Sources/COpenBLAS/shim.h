#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
/* The CBLAS declarations of Debian's libopenblas-dev. The library itself is loaded at run time
   (see MatrixProduct.swift), so that its kernel can be chosen before it initializes. */
#include <cblas.h>
#endif
