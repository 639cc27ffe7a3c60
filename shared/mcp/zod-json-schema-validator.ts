import type {
  JsonSchemaType,
  JsonSchemaValidator,
  JsonSchemaValidatorResult,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';
import * as z from 'zod';

/**
 * The MCP SDK's JSON Schema validator port served by zod (`z.fromJSONSchema`) rather than
 * the SDK's default, Ajv: the server only uses it to check an elicitation's answer against
 * the schema it asked for, and zod validates every other edge already. Without Ajv the
 * `mcp` bundle is ~120 KB and ~10 ms of init lighter (functionBundling aliases `ajv` out).
 * Each schema is converted once, on first use.
 */
export class ZodJsonSchemaValidator implements jsonSchemaValidator {
  private readonly converted = new WeakMap<JsonSchemaType, z.ZodType>();

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    let parser = this.converted.get(schema);
    if (!parser) {
      parser = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema);
      this.converted.set(schema, parser);
    }
    const checked = parser;
    return (input: unknown): JsonSchemaValidatorResult<T> => {
      const result = checked.safeParse(input);
      return result.success
        ? { valid: true, data: result.data as T, errorMessage: undefined }
        : { valid: false, data: undefined, errorMessage: z.prettifyError(result.error) };
    };
  }
}
