// libjpeg reports errors through error_exit, which by default exits the process. These two calls
// install an error manager that longjmps back inside C and return a status with libjpeg's message.
#ifndef CJPEGSHIM_H
#define CJPEGSHIM_H

enum {
    CJPEGSHIM_OK = 0,
    CJPEGSHIM_FAILED = 1,       // corrupt or truncated data, or an I/O error on write
    CJPEGSHIM_UNSUPPORTED = 2,  // a valid JPEG in a colour space we do not decode (CMYK, YCCK)
    CJPEGSHIM_TOO_LARGE = 3,    // more pixels than the caller allows; width and height are set
};

#define CJPEGSHIM_MESSAGE_LENGTH 200  // libjpeg's JMSG_LENGTH_MAX

typedef struct {
    int width, height;
    int components;          // 1 (grey) or 3 (RGB)
    unsigned char *pixels;   // [height, width, components], top row first; release with cjpegshim_free
    char message[CJPEGSHIM_MESSAGE_LENGTH];
} CJPEGShimImage;

/// Decodes a whole JPEG held in memory. On failure `image->message` says why and no pixels are kept.
/// An image of more than `max_pixels` is refused after its header, before libjpeg allocates for it.
int cjpegshim_decode(const unsigned char *data, unsigned long size, unsigned long max_pixels, CJPEGShimImage *image);

/// Releases the pixels of a successful decode.
void cjpegshim_free(CJPEGShimImage *image);

/// Encodes 8-bit interleaved RGB rows ([height, width, 3]) as a baseline JPEG file at `path`.
int cjpegshim_write(const char *path, const unsigned char *rgb, int width, int height, int quality,
                    char message[CJPEGSHIM_MESSAGE_LENGTH]);

#endif
