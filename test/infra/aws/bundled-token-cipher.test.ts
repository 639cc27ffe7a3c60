import { execFile } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TokenOwner } from '../../../shared/store/token-vault';
import { bundleFunction } from '../../bench/functions';
import { localTokenCipher } from '../../unit/store/local-token-cipher';

const run = promisify(execFile);
const entry = path.join(__dirname, 'fixtures', 'token-cipher-entry.ts');

let outDir: string;
let bundleFile: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'bundled-token-cipher-'));
  bundleFile = path.join(outDir, 'index.js');
  await bundleFunction(entry, bundleFile);
});

afterAll(() => rm(outDir, { recursive: true, force: true }));

type Call =
  | { op: 'seal'; token: string; owner: TokenOwner }
  | { op: 'open'; sealed: string; owner: TokenOwner };
type Outcome = { ok: true; value: string } | { ok: false; name: string };

/** Runs the calls one after the other in the bundle, in a fresh Node process, on one key. */
async function inBundle(key: Uint8Array, calls: Call[]): Promise<Outcome[]> {
  const script = `
    const cipher = require(process.argv[1]);
    const key = process.argv[2];
    (async () => {
      const outcomes = [];
      for (const call of JSON.parse(process.argv[3])) {
        try {
          const value = call.op === 'seal'
            ? await cipher.seal(key, call.token, call.owner)
            : await cipher.open(key, call.sealed, call.owner);
          outcomes.push({ ok: true, value });
        } catch (err) {
          outcomes.push({ ok: false, name: err.name });
        }
      }
      process.stdout.write(JSON.stringify(outcomes));
    })();
  `;
  const { stdout } = await run(
    process.execPath,
    ['-e', script, bundleFile, Buffer.from(key).toString('base64'), JSON.stringify(calls)],
    { env: { PATH: process.env.PATH ?? '' } },
  );
  return JSON.parse(stdout) as Outcome[];
}

function sealedOrOpened(outcome: Outcome | undefined): string {
  if (!outcome?.ok) throw new Error(`the bundle failed: ${JSON.stringify(outcome)}`);
  return outcome.value;
}

const owner = { workspaceId: 'ws-1', tokenId: 'login-abc' };
const TOKEN = 'EAAGm0PX4ZCpsBAKZCLrealLookingToken0123456789';

describe('the token cipher as bundled (Encryption SDK streams on node:stream, not readable-stream)', () => {
  it('carries no readable-stream', async () => {
    const code = await readFile(bundleFile, 'utf8');
    expect(code).toMatch(/require\("node:stream"\)/);
    // readable-stream's own error text (its copy of Node 10's errors).
    expect(code).not.toContain('ERR_STREAM_PREMATURE_CLOSE');
  });

  it('opens what it sealed, a token longer than one frame too', async () => {
    const long = `EAA${'x'.repeat(10_000)}`;
    const key = new Uint8Array(randomBytes(32));
    const sealed = await inBundle(key, [
      { op: 'seal', token: TOKEN, owner },
      { op: 'seal', token: long, owner },
    ]);
    const opened = await inBundle(key, [
      { op: 'open', sealed: sealedOrOpened(sealed[0]), owner },
      { op: 'open', sealed: sealedOrOpened(sealed[1]), owner },
    ]);
    expect(opened.map(sealedOrOpened)).toEqual([TOKEN, long]);
  });

  it('speaks the same message format as the unbundled SDK, both ways', async () => {
    const key = new Uint8Array(randomBytes(32));
    const unbundled = localTokenCipher(key);
    const sealedHere = Buffer.from(await unbundled.seal(TOKEN, owner)).toString('base64');
    const [opened, sealedThere] = await inBundle(key, [
      { op: 'open', sealed: sealedHere, owner },
      { op: 'seal', token: TOKEN, owner },
    ]);
    expect(sealedOrOpened(opened)).toBe(TOKEN);
    expect(await unbundled.open(Buffer.from(sealedOrOpened(sealedThere), 'base64'), owner)).toBe(TOKEN);
  });

  it("refuses another owner's ciphertext and a tampered one", async () => {
    const key = new Uint8Array(randomBytes(32));
    const sealed = Buffer.from(await localTokenCipher(key).seal(TOKEN, owner));
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 40] = (tampered[tampered.length - 40] ?? 0) ^ 1;
    const [otherOwner, broken] = await inBundle(key, [
      { op: 'open', sealed: sealed.toString('base64'), owner: { ...owner, workspaceId: 'ws-2' } },
      { op: 'open', sealed: tampered.toString('base64'), owner },
    ]);
    expect(otherOwner).toEqual({ ok: false, name: 'TokenContextMismatchError' });
    expect(broken?.ok).toBe(false);
  });
});

describe("the Encryption SDK's big numbers as bundled (bn.js on BigInt, no asn1.js)", () => {
  /** Calls one export of the bundle with string arguments in a fresh process; its result or error message. */
  async function callInBundle(name: string, ...args: string[]): Promise<Outcome> {
    const script = `
      try {
        const value = require(process.argv[1])[process.argv[2]](...process.argv.slice(3));
        process.stdout.write(JSON.stringify({ ok: true, value }));
      } catch (err) {
        process.stdout.write(JSON.stringify({ ok: false, name: err.message }));
      }
    `;
    const { stdout } = await run(process.execPath, ['-e', script, bundleFile, name, ...args], {
      env: { PATH: process.env.PATH ?? '' },
    });
    return JSON.parse(stdout) as Outcome;
  }

  it('carries neither bn.js nor asn1.js', async () => {
    const code = await readFile(bundleFile, 'utf8');
    // bn.js's and asn1.js's own error texts.
    expect(code).not.toContain('Invalid character in ');
    expect(code).not.toContain('Unknown tag');
  });

  it('decompresses a P-384 public key as OpenSSL does (the point decoder the SDK sets up at import)', async () => {
    for (let i = 0; i < 3; i++) {
      const ecdh = createECDH('secp384r1');
      ecdh.generateKeys();
      const outcome = await callInBundle('decompressPoint', ecdh.getPublicKey('base64', 'compressed'));
      expect(outcome).toEqual({ ok: true, value: ecdh.getPublicKey('base64', 'uncompressed') });
    }
  });

  it('refuses at once the PEM shapes a signed suite needs', async () => {
    const ecdh = createECDH('secp384r1');
    ecdh.generateKeys();
    expect(await callInBundle('verificationKeyOf', ecdh.getPublicKey('base64', 'uncompressed'))).toEqual({
      ok: false,
      name: 'asn1.js is not bundled into the Lambda functions: signed algorithm suites are not supported',
    });
  });
});
