/**
 * The mapping between this API's camelCase bodies and Meta's write and read fields, with the
 * business rules Meta would refuse, checked before Meta is called. One module per job; this one
 * is the entry point other code imports.
 */

export {
  type CampaignProjectionContext,
  type ObjectChange,
  type ProjectedObject,
  projectCreate,
  projectPatch,
} from './ad-object-projection';
export type { AccountWriteFacts, DsaParties } from './ad-object-write-rules';
export {
  type AdSetWriteContext,
  type AdWriteContext,
  adCreateParams,
  adSetCreateParams,
  type CampaignWriteContext,
  campaignCreateParams,
  type ResolvedAdCreate,
  type ResolvedAdSetCreate,
  type ResolvedCampaignCreate,
  statusParams,
} from './meta-create-params';
export type { GraphParams } from './meta-graph-params';
export {
  META_FIELDS,
  type MetaAdObjectNode,
  type MetaObjectRead,
  managedObjectFromMeta,
  metaAdObjectNode,
} from './meta-object-read';
export { type AdObjectPatch, EDITABLE_FIELDS, type PatchContext, patchParams } from './meta-patch-params';
export { EU_EEA_COUNTRIES } from './meta-targeting';
