// libpng 1.6; ImageIO uses only the simplified png_image API, which reports errors by status.
#include <png.h>
