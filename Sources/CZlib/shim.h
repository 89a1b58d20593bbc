// zlib: gzopen/gzread for gzip-compressed IDX files.
#include <zlib.h>
