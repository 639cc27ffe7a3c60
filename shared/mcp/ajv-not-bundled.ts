/**
 * What `ajv` and `ajv-formats` resolve to in the Lambda bundles (functionBundling.alias).
 * The MCP SDK's `Server` imports its Ajv validator as the default of its `jsonSchemaValidator`
 * option, so Ajv (+ fast-uri, ~120 KB, ~10 ms of init) would be bundled and loaded though
 * we always pass our own (ZodJsonSchemaValidator). Should anything build an Ajv after all,
 * this fails at once rather than validate nothing. Tests and the local runtime use the real
 * packages: only bundles carry the alias.
 */
export default function ajvNotBundled(): never {
  throw new Error(
    'ajv is not bundled into the Lambda functions: pass the MCP server a jsonSchemaValidator (ZodJsonSchemaValidator)',
  );
}
