/**
 * What `asn1.js` resolves to in the Lambda bundles (functionBundling.alias). The Encryption
 * SDK defines its ASN.1 shapes at import (PEM keys and DER signatures, ~25 KB with the
 * package), but only the signed suites use them, and the token cipher seals with an unsigned
 * one (token-cipher.ts). Should a signed message reach a bundle, this fails at once rather
 * than verify nothing. Tests and the local runtime use the real package.
 */
function signedSuitesNotBundled(): never {
  throw new Error(
    'asn1.js is not bundled into the Lambda functions: signed algorithm suites are not supported',
  );
}

const notBundled = { encode: signedSuitesNotBundled, decode: signedSuitesNotBundled };

export default {
  /** Takes the shape's name and body as asn1.js does; builds neither. */
  define: (_name: string, _body: () => void) => notBundled,
  bignum: { BN: signedSuitesNotBundled },
};
