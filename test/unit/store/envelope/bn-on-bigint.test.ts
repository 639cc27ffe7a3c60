import { randomBytes } from 'node:crypto';
import BN from '../../../../shared/store/envelope/bn-on-bigint';

/** The real bn.js (what the unbundled SDK runs), typed for the calls compared here. */
interface RealBN {
  add(o: RealBN): RealBN;
  sub(o: RealBN): RealBN;
  mul(o: RealBN): RealBN;
  div(o: RealBN): RealBN;
  mod(o: RealBN): RealBN;
  pow(o: RealBN): RealBN;
  eq(o: RealBN): boolean;
  bitLength(): number;
  toNumber(): number;
  toArray(endian?: 'be' | 'le', length?: number): number[];
  toString(base: number): string;
  toRed(ctx: unknown): { redPow(e: RealBN): { fromRed(): RealBN } };
}
type RealBNClass = {
  new (input: number | string | number[], base?: number, endian?: 'be' | 'le'): RealBN;
  mont(p: RealBN): unknown;
};
// bn.js ships no types; only this comparison needs them.
const Real = require('bn.js') as RealBNClass;

const hex = (n: BN) => n.value.toString(16);
const randomHex = (bytes: number) => randomBytes(bytes).toString('hex').replace(/^0+/, '') || '0';

describe('bn-on-bigint (bn.js as bundled for the Encryption SDK)', () => {
  it('reads numbers, hex strings and bytes as bn.js does', () => {
    const bytes = [...randomBytes(8)];
    expect(hex(new BN(bytes, 16, 'be'))).toBe(new Real(bytes, 16, 'be').toString(16));
    expect(hex(new BN(bytes, 10, 'le'))).toBe(new Real(bytes, 10, 'le').toString(16));
    expect(hex(new BN('FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF', 16))).toBe(
      new Real('FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF', 16).toString(16),
    );
    expect(hex(new BN(123_456_789))).toBe(new Real(123_456_789).toString(16));
    expect(() => new BN('xyz', 16)).toThrow();
  });

  it('computes the same sums, products, quotients, remainders, powers and bit lengths', () => {
    for (let i = 0; i < 50; i++) {
      const [a, b] = [randomHex(48), randomHex(24)];
      const [x, y] = [new BN(a, 16), new BN(b, 16)];
      const [rx, ry] = [new Real(a, 16), new Real(b, 16)];
      expect(hex(x.add(y))).toBe(rx.add(ry).toString(16));
      expect(hex(x.sub(y))).toBe(rx.sub(ry).toString(16));
      expect(hex(x.mul(y))).toBe(rx.mul(ry).toString(16));
      if (b !== '0') {
        expect(hex(x.div(y))).toBe(rx.div(ry).toString(16));
        expect(hex(x.mod(y))).toBe(rx.mod(ry).toString(16));
      }
      expect(hex(y.pow(new BN(3)))).toBe(ry.pow(new Real(3)).toString(16));
      expect(x.bitLength()).toBe(rx.bitLength());
      expect(x.eq(new BN(a, 16))).toBe(true);
    }
    expect(new BN(0).bitLength()).toBe(new Real(0).bitLength());
  });

  it('raises to a power modulo p as bn.js does in Montgomery form', () => {
    const p = 'FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF';
    for (let i = 0; i < 10; i++) {
      const [base, exponent] = [randomHex(32), randomHex(32)];
      const ours = new BN(base, 16)
        .mod(new BN(p, 16))
        .toRed(BN.mont(new BN(p, 16)))
        .redPow(new BN(exponent, 16));
      const real = new Real(base, 16)
        .mod(new Real(p, 16))
        .toRed(Real.mont(new Real(p, 16)))
        .redPow(new Real(exponent, 16));
      expect(hex(ours.fromRed())).toBe(real.fromRed().toString(16));
    }
  });

  it('writes padded bytes and refuses what does not fit, as bn.js does', () => {
    for (const n of [0, 1, 255, 256, 65_537, 2 ** 40 + 3]) {
      expect(new BN(n).toArray('be', 8)).toEqual(new Real(n).toArray('be', 8));
      expect(new BN(n).toArray('le', 8)).toEqual(new Real(n).toArray('le', 8));
      expect(new BN(n).toArray()).toEqual(new Real(n).toArray());
    }
    expect(() => new BN(65_536).toArray('be', 2)).toThrow('byte array longer than desired length');
    expect(() => new Real(65_536).toArray('be', 2)).toThrow();
  });

  it('gives a number only up to 2^53 - 1, where bn.js does', () => {
    const fits = [0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    expect(new BN(fits).toNumber()).toBe(new Real(fits).toNumber());
    const tooLong = [0x20, 0, 0, 0, 0, 0, 0];
    expect(() => new Real(tooLong).toNumber()).toThrow();
    expect(() => new BN(tooLong).toNumber()).toThrow('Number can only safely store up to 53 bits');
  });
});
