#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro that passes the library version and stream size; Swift cannot call it.
static inline int cz_inflate_init_auto(z_streamp stream) {
    return inflateInit2(stream, 15 + 32); /* 32: accept a zlib or gzip header */
}
#endif
