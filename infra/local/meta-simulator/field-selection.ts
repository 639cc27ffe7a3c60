import { queryParseError } from './graph-error';

/** One requested field: nested fields in braces, and a `.limit(n)` for nested edges. */
export interface FieldRequest {
  children?: FieldSelection;
  limit?: number;
}

/** Requested fields in request order. */
export type FieldSelection = Map<string, FieldRequest>;

/**
 * Parses Graph field expansion: `name,business{id,name},owned_ad_accounts.limit(5){name}`.
 * Other modifiers (`.summary(true)`, `.since(...)`) are accepted and ignored.
 */
export function parseFields(text: string): FieldSelection {
  let position = 0;
  const fail = (expected: string): never => {
    throw queryParseError(
      `Syntax error "Expected ${expected} instead of "${text[position] ?? 'end of string'}"." at character ${position}: ${text}`,
    );
  };
  const skipSpaces = () => {
    while (text[position] === ' ') position += 1;
  };
  const readName = (): string => {
    const match = /^[A-Za-z0-9_]+/.exec(text.slice(position));
    if (!match) return fail('field name');
    position += match[0].length;
    return match[0];
  };
  const readList = (closing: string | undefined): FieldSelection => {
    const selection: FieldSelection = new Map();
    for (;;) {
      skipSpaces();
      const name = readName();
      const request: FieldRequest = {};
      while (text[position] === '.') {
        position += 1;
        const modifier = readName();
        if (text[position] !== '(') fail('"("');
        const close = text.indexOf(')', position);
        if (close < 0) fail('")"');
        const argument = text.slice(position + 1, close).trim();
        position = close + 1;
        if (modifier === 'limit') {
          const limit = Number(argument);
          if (!Number.isInteger(limit) || limit <= 0) fail('a positive limit');
          request.limit = limit;
        }
      }
      skipSpaces();
      if (text[position] === '{') {
        position += 1;
        request.children = readList('}');
      }
      selection.set(name, request);
      skipSpaces();
      if (text[position] === ',') {
        position += 1;
        continue;
      }
      if (closing === undefined ? position === text.length : text[position] === closing) {
        if (closing !== undefined) position += 1;
        return selection;
      }
      return fail(closing === undefined ? 'end of string' : `"${closing}"`);
    }
  };
  return readList(undefined);
}
