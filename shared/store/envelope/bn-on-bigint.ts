/**
 * What `bn.js` resolves to in the Lambda bundles (functionBundling.alias): the few big-number
 * operations the Encryption SDK calls, on the language's BigInt. bn.js itself is 45 KB per
 * bundle that seals tokens, and the SDK's ecc_decode.js builds its P-256/P-384 point
 * decoders with it at import (Montgomery contexts, modular arithmetic: ~7 ms of every cold
 * start, measured), though only the signed suites decode points and the token cipher uses an
 * unsigned one. Same results as bn.js for what the SDK does (test/unit/store/bn-on-bigint);
 * tests and the local runtime use the real package: only bundles carry the alias.
 */

type BytesEndian = 'be' | 'le';

/** Reduction context of `BN.mont(p)`: numbers taken modulo `p`. */
class Modulus {
  constructor(readonly p: bigint) {}
}

class ReducedBN {
  constructor(
    private readonly value: bigint,
    private readonly modulus: Modulus,
  ) {}

  /** this^exponent mod p, by square-and-multiply. */
  redPow(exponent: BN): ReducedBN {
    const p = this.modulus.p;
    let result = 1n % p;
    let base = this.value;
    for (let e = exponent.value; e > 0n; e >>= 1n) {
      if (e & 1n) result = (result * base) % p;
      base = (base * base) % p;
    }
    return new ReducedBN(result, this.modulus);
  }

  fromRed(): BN {
    return new BN(this.value);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export default class BN {
  readonly value: bigint;

  /** A number, a string in `base` (10 or 16), or bytes (`endian`, big-endian by default), as bn.js takes them. */
  constructor(
    input: number | bigint | string | ArrayLike<number>,
    base: number | 'hex' = 10,
    endian: BytesEndian = 'be',
  ) {
    this.value = BN.toBigInt(input, base, endian);
  }

  private static toBigInt(
    input: number | bigint | string | ArrayLike<number>,
    base: number | 'hex',
    endian: BytesEndian,
  ): bigint {
    if (typeof input === 'bigint') return input;
    if (typeof input === 'number') {
      if (!Number.isSafeInteger(input)) throw new Error('BN: not a safe integer');
      return BigInt(input);
    }
    if (typeof input === 'string') {
      const negative = input.startsWith('-');
      const digits = negative ? input.slice(1) : input;
      const radix = base === 'hex' ? 16 : base;
      if (radix !== 10 && radix !== 16) throw new Error(`BN: base ${radix} is not supported`);
      if (!(radix === 16 ? /^[0-9a-f]+$/i : /^[0-9]+$/).test(digits)) throw new Error('BN: invalid digits');
      const magnitude = BigInt(radix === 16 ? `0x${digits}` : digits);
      return negative ? -magnitude : magnitude;
    }
    const bytes = Array.from(input);
    if (endian === 'le') bytes.reverse();
    return bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte & 0xff), 0n);
  }

  static mont(p: BN): Modulus {
    return new Modulus(p.value);
  }

  add(other: BN): BN {
    return new BN(this.value + other.value);
  }

  sub(other: BN): BN {
    return new BN(this.value - other.value);
  }

  mul(other: BN): BN {
    return new BN(this.value * other.value);
  }

  /** Truncating, as bn.js's. */
  div(other: BN): BN {
    return new BN(this.value / other.value);
  }

  /** The remainder with the dividend's sign, as bn.js's `mod`. */
  mod(other: BN): BN {
    return new BN(this.value % other.value);
  }

  pow(exponent: BN): BN {
    return new BN(this.value ** exponent.value);
  }

  eq(other: BN): boolean {
    return this.value === other.value;
  }

  bitLength(): number {
    const magnitude = this.value < 0n ? -this.value : this.value;
    return magnitude === 0n ? 0 : magnitude.toString(2).length;
  }

  toRed(modulus: Modulus): ReducedBN {
    if (this.value < 0n) throw new Error('BN: red works only with positives');
    return new ReducedBN(this.value % modulus.p, modulus);
  }

  /** As bn.js: refuses what a double cannot hold exactly (beyond 2^53 - 1). */
  toNumber(): number {
    const magnitude = this.value < 0n ? -this.value : this.value;
    if (magnitude > MAX_SAFE) throw new Error('Number can only safely store up to 53 bits');
    return Number(this.value);
  }

  /** The magnitude's bytes, zero-padded to `length`; refuses one that does not fit. */
  toArray(endian: BytesEndian = 'be', length?: number): number[] {
    const bytes: number[] = [];
    for (let v = this.value < 0n ? -this.value : this.value; v > 0n; v >>= 8n)
      bytes.unshift(Number(v & 0xffn));
    const size = Math.max(1, length ?? bytes.length);
    if (bytes.length > size) throw new Error('byte array longer than desired length');
    const padded = [...new Array<number>(size - bytes.length).fill(0), ...bytes];
    return endian === 'le' ? padded.reverse() : padded;
  }
}
