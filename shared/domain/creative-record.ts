import type { CreativeFormat } from './creative-spec';
import type { Actor } from './managed-object';

/** An ad creative this workspace made at Meta (the id is Meta's; creatives are immutable there). */
export interface CreativeRecord {
  workspaceId: string;
  id: string;
  name: string;
  format: CreativeFormat;
  pageId: string;
  adAccountId: string;
  /** Every upload it uses, in field order (thumbnail after the video). */
  uploadIds: string[];
  briefId?: string;
  createdBy: Actor;
  createdAt: string;
}

/** A creative as the routes answer it (`creativeBody`). */
export function creativeView(creative: CreativeRecord) {
  return {
    id: creative.id,
    name: creative.name,
    format: creative.format,
    pageId: creative.pageId,
    adAccountId: creative.adAccountId,
    uploadIds: creative.uploadIds,
    ...(creative.briefId === undefined ? {} : { briefId: creative.briefId }),
    createdAt: creative.createdAt,
  };
}
