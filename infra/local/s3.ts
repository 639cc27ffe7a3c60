import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * s3rver on a free port with the given buckets. Note: it ignores presigned-POST policies
 * (size, type), so policy conditions are tested directly, not through it.
 */
export async function startLocalS3(options: { dataDir?: string; buckets: string[] }): Promise<LocalS3> {
  const ephemeral = options.dataDir === undefined;
  const directory = ephemeral
    ? mkdtempSync(join(tmpdir(), 'meta-ads-s3-'))
    : resolve(options.dataDir as string);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      await server.close();
      if (ephemeral) rmSync(directory, { recursive: true, force: true });
    },
  };
}
