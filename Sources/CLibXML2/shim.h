#ifndef FEEDWATCH_CLIBXML2_SHIM_H
#define FEEDWATCH_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, and libxml/encoding.h would pull in the
   system ICU's <unicode/ucnv.h>, whose UErrorCode clashes with Foundation's
   _FoundationICU module in any file (or generated test runner) that sees both.
   Hiding it only drops two trailing fields of xmlCharEncodingHandler, which we
   never touch: we transcode to UTF-8 ourselves before libxml2 sees a byte. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Byte scanning for the repair filter in front of libxml2 (LibXML.ByteScan):
   Swift cannot reach the SIMD instructions, and a scalar scan of every byte was
   the largest single cost of parsing after libxml2 itself. Both return the index
   of the first byte at or after `i` that needs a look (n when none does). */

/* Markup: '&', '<', or a byte below 0x20. */
static inline size_t fw_scan_markup(const uint8_t *p, size_t n, size_t i) {
#if defined(__SSE2__)
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), ctl = _mm_set1_epi8(0x1F);
    while (i + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
                                 _mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl));
        int bits = _mm_movemask_epi8(m);
        if (bits) return i + (size_t)__builtin_ctz((unsigned)bits);
        i += 16;
    }
#endif
    for (; i < n; i++) {
        uint8_t c = p[i];
        if (c == '&' || c == '<' || c < 0x20) return i;
    }
    return n;
}

/* Comments, CDATA, processing instructions: `closer` or a byte below 0x20. */
static inline size_t fw_scan_raw(const uint8_t *p, size_t n, size_t i, uint8_t closer) {
#if defined(__SSE2__)
    const __m128i cl = _mm_set1_epi8((char)closer), ctl = _mm_set1_epi8(0x1F);
    while (i + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, cl), _mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl));
        int bits = _mm_movemask_epi8(m);
        if (bits) return i + (size_t)__builtin_ctz((unsigned)bits);
        i += 16;
    }
#endif
    for (; i < n; i++) {
        uint8_t c = p[i];
        if (c == closer || c < 0x20) return i;
    }
    return n;
}
#endif
