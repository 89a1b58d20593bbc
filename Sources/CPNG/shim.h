// libpng 1.6; ImageFiles uses only the simplified png_image API, which reports errors by status.
#include <png.h>
