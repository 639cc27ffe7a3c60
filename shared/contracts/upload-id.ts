import * as z from 'zod';

/**
 * Our upload ids: `upl_` + 24 lowercase hex digits. Apart from the creatives contracts so
 * that ingest-uploads, which reads only the id off its messages, does not build those.
 */
export const uploadIdSchema = z.string().regex(/^upl_[0-9a-f]{24}$/, 'must be an upload id (upl_…)');
