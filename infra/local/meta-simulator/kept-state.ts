import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import type { SimulatorCore } from './simulator-core';

/** What the simulator keeps between runs: tokens (with their counter) and webhook subscriptions. */
const keptStateSchema = z.object({
  tokenSequence: z.number().int().min(0),
  tokens: z.array(
    z.object({
      accessToken: z.string(),
      label: z.string(),
      kind: z.enum(['user_short', 'user_long', 'system_user']),
      userId: z.string(),
      scopes: z.array(z.string()),
      issuedAt: z.number(),
      expiresAt: z.number(),
      dataAccessExpiresAt: z.number(),
      invalidation: z.enum(['deauthorized', 'invalidated', 'system_user_removed']).optional(),
    }),
  ),
  subscriptions: z.array(z.string()),
});

/** Restores what an earlier run kept; a missing or unreadable file starts afresh. */
export function restoreKeptState(core: SimulatorCore, file: string): void {
  if (!existsSync(file)) return;
  const parsed = keptStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) return;
  core.world.restoreTokens(parsed.data);
  for (const id of parsed.data.subscriptions) core.subscriptions.add(id);
}

/** Writes the state atomically (temp file + rename); tokens are secrets, so owner-only. */
export function saveKeptState(core: SimulatorCore, file: string): void {
  const state = { ...core.world.tokenState(), subscriptions: [...core.subscriptions] };
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, file);
}
