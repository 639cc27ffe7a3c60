import * as z from 'zod';
import type { AssetDetails } from './asset-record';

/** The zod fields of `AssetDetails`, for every edge that carries them (the API, the store). */
export const assetDetailsShape = {
  accountId: z.string().optional(),
  currency: z.string().optional(),
  timezone: z.string().optional(),
  accountStatus: z.number().optional(),
  disableReason: z.number().optional(),
  category: z.string().optional(),
  vertical: z.string().optional(),
} satisfies { [K in keyof Required<AssetDetails>]: z.ZodType<AssetDetails[K]> };
