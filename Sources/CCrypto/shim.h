#ifndef FEEDWATCH_CCRYPTO_SHIM_H
#define FEEDWATCH_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>

/* HMAC-SHA256 of data under key into out (32 bytes); 1 on success. EVP_sha256()
   is a function returning a static table, which Swift could call too, but one
   call keeps the OpenSSL types out of Swift. */
static inline int fw_hmac_sha256(const void *key, int key_len, const unsigned char *data, size_t data_len, unsigned char *out) {
    unsigned int n = 0;
    return HMAC(EVP_sha256(), key, key_len, data, data_len, out, &n) != NULL && n == 32;
}
#endif
