// Validates the fake's requests and responses against GitHub's own OpenAPI description of
// api.github.com (@octokit/openapi), so that the fake cannot drift into accepting or answering
// something the real API would not. Schemas are compiled lazily, once per operation and status.
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
// ajv-formats is CommonJS with a default export; both shapes are handled.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** One OpenAPI operation, as the fake routes it (`GET`, `/repos/{owner}/{repo}/issues`). */
export interface OperationRef {
  method: string;
  path: string;
}

/** What a validation found wrong, for the fake's record and the tests' assertions. */
export interface ValidationProblem {
  operation: string;
  part: 'path' | 'query' | 'body' | 'response';
  status?: number;
  errors: string;
}

type Json = Record<string, unknown>;

let sharedDoc: Json | undefined;
function loadDocument(): Json {
  // The description is large (~10 MB); every fake in a process shares one parsed copy.
  sharedDoc ??= toJsonSchema(require('@octokit/openapi/generated/api.github.com.json')) as Json;
  return sharedDoc;
}

// OpenAPI 3.0's `nullable` without a `type` (beside `allOf`, `$ref`, …) has no JSON Schema meaning
// Ajv accepts; it becomes `anyOf: [null, schema]`. Everything else is copied as is.
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = toJsonSchema(v);
  // Ajv's `nullable` does not extend an `enum`; OpenAPI 3.0 means it to.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.nullable === true && !('type' in out)) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

const escapePointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

/** Validator of the operations the fake implements. */
export class OpenApiValidator {
  private readonly doc = loadDocument();
  private readonly ajv: Ajv;
  private readonly paramAjv: Ajv;
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor() {
    const options = { strict: false, validateSchema: false, allErrors: true, discriminator: false } as const;
    this.ajv = addFormats(new Ajv(options));
    this.ajv.addSchema(this.doc, 'gh');
    // Query and path values arrive as strings: this instance coerces them to the declared types.
    this.paramAjv = addFormats(new Ajv({ ...options, coerceTypes: true }));
    this.paramAjv.addSchema(this.doc, 'gh');
  }

  /** Throws unless the description has the operation (a typo in the fake's routes). */
  assertOperation(op: OperationRef): void {
    if (!this.operation(op)) throw new Error(`@octokit/openapi has no operation ${op.method} ${op.path}`);
  }

  /** Checks path parameters, query parameters and the JSON body of a request. */
  validateRequest(op: OperationRef, pathParams: Record<string, string>, query: Record<string, string>, body: unknown): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    const name = `${op.method} ${op.path}`;
    for (const where of ['path', 'query'] as const) {
      const validate = this.parameterValidator(op, where);
      const values = { ...(where === 'path' ? pathParams : query) };
      if (validate && !validate(values)) problems.push({ operation: name, part: where, errors: this.paramAjv.errorsText(validate.errors) });
    }
    const bodyValidator = this.compiled(`${name} body`, () => {
      const operation = this.operation(op)!;
      const requestBody = this.deref(operation.requestBody as Json | undefined);
      const content = requestBody?.content as Record<string, Json> | undefined;
      if (!content?.['application/json']) return null;
      const pointer = this.pointerTo(op, operation.requestBody as Json, ['requestBody'], ['content', 'application/json', 'schema']);
      return { $ref: pointer, required: requestBody!.required === true };
    });
    if (bodyValidator) {
      const required = (bodyValidator as ValidateFunction & { required?: boolean }).required;
      if (body === undefined) {
        if (required) problems.push({ operation: name, part: 'body', errors: 'request body is required' });
      } else if (!bodyValidator(body)) {
        problems.push({ operation: name, part: 'body', errors: this.ajv.errorsText(bodyValidator.errors) });
      }
    }
    return problems;
  }

  /** Checks a JSON response body against the schema the description gives for `status`. */
  validateResponse(op: OperationRef, status: number, body: unknown): ValidationProblem[] {
    const name = `${op.method} ${op.path}`;
    const operation = this.operation(op);
    if (!operation) return [{ operation: name, part: 'response', status, errors: 'operation not in the description' }];
    const responses = operation.responses as Record<string, Json>;
    if (!responses[String(status)]) {
      // The description lists only some of the errors any endpoint can give (401 bad credentials,
      // 403/429 rate limits, 5xx); those must at least have GitHub's error shape.
      if (status < 400) return [{ operation: name, part: 'response', status, errors: `status ${status} is not documented for this operation` }];
      const basic = this.compiled('basic-error', () => ({ $ref: 'gh#/components/schemas/basic-error' }))!;
      return basic(body) ? [] : [{ operation: name, part: 'response', status, errors: `error body: ${this.ajv.errorsText(basic.errors)}` }];
    }
    const validate = this.compiled(`${name} ${status}`, () => {
      const response = this.deref(responses[String(status)]);
      const content = response?.content as Record<string, Json> | undefined;
      if (!content?.['application/json']?.schema) return null;
      return { $ref: this.pointerTo(op, responses[String(status)]!, ['responses', String(status)], ['content', 'application/json', 'schema']) };
    });
    if (!validate) return body === undefined || body === '' ? [] : [{ operation: name, part: 'response', status, errors: 'no JSON body is documented for this status' }];
    return validate(body) ? [] : [{ operation: name, part: 'response', status, errors: this.ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 2_000) }];
  }

  private operation(op: OperationRef): Json | undefined {
    return ((this.doc.paths as Record<string, Json>)[op.path]?.[op.method.toLowerCase()] as Json | undefined) ?? undefined;
  }

  // A JSON pointer (in the registered document) to `tail` inside the object at `head` of the
  // operation, following one level of `$ref` (how the description shares responses and bodies).
  private pointerTo(op: OperationRef, node: Json, head: string[], tail: string[]): string {
    const ref = node.$ref as string | undefined;
    const base = ref ? ref.slice(1) : `/paths/${escapePointer(op.path)}/${op.method.toLowerCase()}/${head.map(escapePointer).join('/')}`;
    return `gh#${base}/${tail.map(escapePointer).join('/')}`;
  }

  private deref(node: Json | undefined): Json | undefined {
    if (!node || typeof node.$ref !== 'string') return node;
    let target: unknown = this.doc;
    for (const part of node.$ref.slice(2).split('/')) target = (target as Json)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    return target as Json;
  }

  private parameterValidator(op: OperationRef, where: 'path' | 'query'): ValidateFunction | null {
    return this.compiled(`${op.method} ${op.path} ${where}`, () => {
      const parameters = ((this.operation(op)?.parameters as Json[] | undefined) ?? []).map((p) => this.deref(p)!);
      const mine = parameters.filter((p) => p.in === where);
      if (mine.length === 0) return null;
      return {
        type: 'object',
        properties: Object.fromEntries(mine.map((p) => [p.name as string, p.schema])),
        required: mine.filter((p) => p.required === true).map((p) => p.name as string),
        // Unknown query parameters are ignored by GitHub; unknown path parameters cannot happen.
        additionalProperties: true,
      };
    }, this.paramAjv);
  }

  private compiled(key: string, build: () => Json | null, ajv: Ajv = this.ajv): ValidateFunction | null {
    if (!this.cache.has(key)) {
      const schema = build();
      let validate: ValidateFunction | null = null;
      if (schema) {
        const { required, ...rest } = schema as Json & { required?: unknown };
        // `required` of a request body is a flag for us, not a JSON Schema keyword at this level.
        validate = ajv.compile(Array.isArray(required) ? schema : rest);
        if (typeof required === 'boolean') (validate as ValidateFunction & { required?: boolean }).required = required;
      }
      this.cache.set(key, validate);
    }
    return this.cache.get(key) ?? null;
  }
}
