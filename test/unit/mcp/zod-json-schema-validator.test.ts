import { ZodJsonSchemaValidator } from '../../../shared/mcp/zod-json-schema-validator';

/** An elicitation's requested schema: flat properties of primitive types, as MCP allows. */
const contactSchema = {
  type: 'object' as const,
  properties: {
    email: { type: 'string' as const, format: 'email' },
    seats: { type: 'integer' as const, minimum: 1 },
    plan: { type: 'string' as const, enum: ['basic', 'pro'] },
  },
  required: ['email', 'plan'],
};

describe('ZodJsonSchemaValidator', () => {
  const validator = new ZodJsonSchemaValidator();

  it('accepts what the JSON Schema allows and hands the data back', () => {
    const check = validator.getValidator<{ email: string; plan: string }>(contactSchema);
    expect(check({ email: 'ada@example.com', seats: 3, plan: 'pro' })).toEqual({
      valid: true,
      data: { email: 'ada@example.com', seats: 3, plan: 'pro' },
      errorMessage: undefined,
    });
  });

  it.each([
    ['a required property missing', { email: 'ada@example.com' }, 'plan'],
    ['a value outside the enum', { email: 'ada@example.com', plan: 'gold' }, 'plan'],
    ['a format broken', { email: 'not an address', plan: 'basic' }, 'email'],
    ['a number below its minimum', { email: 'ada@example.com', plan: 'basic', seats: 0 }, 'seats'],
    ['a fractional integer', { email: 'ada@example.com', plan: 'basic', seats: 1.5 }, 'seats'],
  ])('refuses %s, naming the property', (_case, input, property) => {
    const result = validator.getValidator(contactSchema)(input);
    expect(result.valid).toBe(false);
    expect(result.data).toBeUndefined();
    expect(result.errorMessage).toContain(property);
  });
});
