#include "CJPEGShim.h"

#include <errno.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char *message;
} ShimError;

__attribute__((noreturn)) static void fail(j_common_ptr cinfo) {
    ShimError *error = (ShimError *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, error->message);
    longjmp(error->escape, 1);
}

// libjpeg only warns when data runs out or is damaged, then fills the rest with grey. Those
// warnings mean lost pixels, so they fail; harmless ones (extra bytes before a marker) pass.
static void warn(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_MUST_RESYNC:
        fail(cinfo);
    default:
        break;
    }
}

static void install(ShimError *error, char *message) {
    jpeg_std_error(&error->base);
    error->base.error_exit = fail;
    error->base.emit_message = warn;
    error->message = message;
    message[0] = 0;
}

int cjpegshim_decode(const unsigned char *data, unsigned long size, unsigned long max_pixels, CJPEGShimImage *image) {
    struct jpeg_decompress_struct cinfo;
    ShimError error;
    unsigned char *volatile pixels = NULL;

    memset(image, 0, sizeof *image);
    install(&error, image->message);
    cinfo.err = &error.base;
    if (setjmp(error.escape)) {
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        return CJPEGSHIM_FAILED;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        snprintf(image->message, CJPEGSHIM_MESSAGE_LENGTH, "%s JPEG (only greyscale and RGB are decoded)",
                 cinfo.jpeg_color_space == JCS_CMYK ? "CMYK" : "YCCK");
        jpeg_destroy_decompress(&cinfo);
        return CJPEGSHIM_UNSUPPORTED;
    }
    // The header's size is all a bomb needs: jpeg_start_decompress allocates for it (a whole
    // coefficient image for a progressive file), so the check comes first.
    if ((unsigned long long)cinfo.image_width * cinfo.image_height > max_pixels) {
        image->width = (int)cinfo.image_width;
        image->height = (int)cinfo.image_height;
        jpeg_destroy_decompress(&cinfo);
        return CJPEGSHIM_TOO_LARGE;
    }
    cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&cinfo);

    size_t stride = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    pixels = malloc(stride * cinfo.output_height);
    if (pixels == NULL) {
        snprintf(image->message, CJPEGSHIM_MESSAGE_LENGTH, "out of memory for %ux%u pixels",
                 cinfo.output_width, cinfo.output_height);
        jpeg_destroy_decompress(&cinfo);
        return CJPEGSHIM_FAILED;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + stride * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);

    image->width = (int)cinfo.output_width;
    image->height = (int)cinfo.output_height;
    image->components = cinfo.output_components;
    image->pixels = pixels;
    jpeg_destroy_decompress(&cinfo);
    return CJPEGSHIM_OK;
}

void cjpegshim_free(CJPEGShimImage *image) {
    free(image->pixels);
    image->pixels = NULL;
}

int cjpegshim_write(const char *path, const unsigned char *rgb, int width, int height, int quality,
                    char message[CJPEGSHIM_MESSAGE_LENGTH]) {
    struct jpeg_compress_struct cinfo;
    ShimError error;
    FILE *volatile file = NULL;

    install(&error, message);
    cinfo.err = &error.base;
    if (setjmp(error.escape)) {
        jpeg_destroy_compress(&cinfo);
        if (file != NULL) fclose(file);
        return CJPEGSHIM_FAILED;
    }
    jpeg_create_compress(&cinfo);
    file = fopen(path, "wb");
    if (file == NULL) {
        snprintf(message, CJPEGSHIM_MESSAGE_LENGTH, "%s", strerror(errno));
        jpeg_destroy_compress(&cinfo);
        return CJPEGSHIM_FAILED;
    }
    jpeg_stdio_dest(&cinfo, file);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)cinfo.next_scanline * (size_t)width * 3);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);

    int failed = ferror(file);
    if (fclose(file) != 0) failed = 1;
    if (failed) {
        snprintf(message, CJPEGSHIM_MESSAGE_LENGTH, "write failed: %s", strerror(errno));
        return CJPEGSHIM_FAILED;
    }
    return CJPEGSHIM_OK;
}
