#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro that passes the library version and stream size; Swift cannot call it.
static inline int cz_inflate_init_auto(z_streamp stream) {
    return inflateInit2(stream, 15 + 32); /* 32: accept a zlib or gzip header */
}
/// deflateInit2 is a macro too; windowBits 15 + 16 writes a gzip wrapper. Used by the fuzz targets.
static inline int cz_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
