import { randomBytes } from 'node:crypto';
import { oncePerContainer } from '../platform/once-per-container';
import { briefStore } from '../store/dynamodb/brief-store';
import { idempotencyStore } from '../store/dynamodb/idempotency-store';
import { uploadStore } from '../store/dynamodb/upload-store';
import type { BriefDeps } from './creative-deps';

/**
 * The brief routes' root: stores only (no Meta app secret read at their cold start, and no
 * token vault in their bundle).
 */
export const briefDeps: () => Promise<BriefDeps> = oncePerContainer(async () => briefDepsOf());

export function briefDepsOf(): BriefDeps {
  return {
    uploads: uploadStore(),
    briefs: briefStore(),
    idempotency: idempotencyStore(),
    now: Date.now,
    randomBytes: (bytes) => randomBytes(bytes),
  };
}
