/**
 * A JSON file format described once, as a table of properties (type, bounds,
 * allowed values, default, description), from which come both the reader,
 * which checks every value and names the property, the value and what is
 * allowed, and the JSON schema. The two cannot drift apart.
 *
 * Checks that involve several properties are `finish` functions of a
 * property; the schema says them in the property's description.
 */

/** Where a value is read. */
export interface ReadContext {
  /** Where the text comes from (a file name), first in every message. */
  readonly source: string;
  /** How messages name the whole document (`the scenario`). */
  readonly documentName: string;
  /** The top-level object, as read so far. */
  readonly root: Record<string, any>;
  /** The object the value belongs to, as read so far. */
  readonly parent: Record<string, any>;
  /** Makes the error thrown for a bad value. */
  readonly error: (message: string) => Error;
}

/** A bound of a number: fixed, or depending on properties read before (`schema`: what the JSON schema can say). */
export type Bound = number | { readonly schema: number; readonly of: (context: ReadContext) => number };

interface FieldBase {
  readonly description?: string;
  /** The property must be given (absent, it fails as a value of the wrong type). */
  readonly required?: boolean;
  /** The value when the property is absent (read and checked as if given). */
  readonly default?: unknown;
  /** A check involving other properties, once the value is read; returns the value kept. */
  readonly finish?: (value: any, context: ReadContext, path: string) => unknown;
}

export interface StringField extends FieldBase {
  readonly type: 'string';
  /** A regular expression the whole value must match (anchored with ^ and $). */
  readonly pattern?: string;
  readonly minLength?: number;
  /** What messages say the value must be; default: 'a string'. */
  readonly expected?: string;
  readonly default?: string;
}

export interface NumberField extends FieldBase {
  /** `integer`: a whole number. */
  readonly type: 'number' | 'integer';
  readonly minimum: Bound;
  readonly maximum: Bound;
  readonly default?: number;
}

export interface BooleanField extends FieldBase {
  readonly type: 'boolean';
  readonly default?: boolean;
}

export interface ArrayField extends FieldBase {
  readonly type: 'array';
  readonly items: Field;
  readonly minItems?: number;
  /** What a list with fewer items must do, in messages ("'users' must <tooFew>, got: []"). */
  readonly tooFew?: string;
  readonly default?: readonly unknown[];
}

/** An object with any property names and values of one kind. */
export interface MapField extends FieldBase {
  readonly type: 'map';
  readonly values: Field;
}

export interface ObjectField extends FieldBase {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, Field>>;
  /** Absent properties stay absent (no default applied, no key): an object of changes. */
  readonly partial?: boolean;
  readonly default?: Readonly<Record<string, unknown>>;
}

/** A named definition, `$defs/<name>` in the JSON schema. */
export interface Definition {
  readonly name: string;
  readonly field: Field;
}

/** A use of a definition, with its own description, default and checks. */
export interface RefField extends FieldBase {
  readonly type: 'ref';
  readonly to: Definition;
  readonly default?: unknown;
}

export type Field = StringField | NumberField | BooleanField | ArrayField | MapField | ObjectField | RefField;

/** Reads a whole document: checks it against `field`, applies defaults and runs the `finish` checks. */
export function readDocument(field: ObjectField, value: unknown, options: Pick<ReadContext, 'source' | 'documentName' | 'error'>): Record<string, any> {
  const root: Record<string, any> = {};
  return readObject(field, value, '', { ...options, root, parent: root }, root);
}

function read(field: Field, value: unknown, path: string, context: ReadContext): unknown {
  const result = readValue(field, value, path, context);
  return field.finish ? field.finish(result, context, path) : result;
}

function readValue(field: Field, value: unknown, path: string, context: ReadContext): unknown {
  switch (field.type) {
    case 'ref': return read(field.to.field, value, path, context);
    case 'object': return readObject(field, value, path, context);
    case 'map': return readMap(field, value, path, context);
    case 'array': return readArray(field, value, path, context);
    case 'string': return readString(field, value, path, context);
    case 'boolean': return check(typeof value === 'boolean', value, 'true or false', path, context);
    default: return readNumber(field, value, path, context);
  }
}

/** How messages name the value at `path`. */
export function subject(path: string, context: ReadContext): string {
  return `${context.source}: ${path === '' ? context.documentName : `'${path}'`}`;
}

function check<T>(ok: boolean, value: T, expected: string, path: string, context: ReadContext): T {
  if (!ok) {
    throw context.error(`${subject(path, context)} must be ${expected}, got: ${JSON.stringify(value)}.`);
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readObject(field: ObjectField, value: unknown, path: string, context: ReadContext, out: Record<string, any> = {}): Record<string, any> {
  const obj = check(isObject(value), value, 'an object', path, context) as Record<string, unknown>;
  const allowed = Object.keys(field.properties);
  const unknown = Object.keys(obj).filter(k => !allowed.includes(k));
  if (unknown.length > 0) {
    // Keys such as '$schema' are for editors: allowed, not worth listing.
    const listed = allowed.filter(k => !k.startsWith('$'));
    throw context.error(`${subject(path, context)} has unknown property '${unknown[0]}' (allowed: ${listed.join(', ')}).`);
  }
  const inner = { ...context, parent: out };
  for (const [key, property] of Object.entries(field.properties)) {
    const given = obj[key];
    const at = path === '' ? key : `${path}.${key}`;
    if (given !== undefined || property.required) {
      out[key] = read(property, given, at, inner);
    } else if (!field.partial) {
      out[key] = property.default === undefined ? undefined : read(property, property.default, at, inner);
    }
  }
  return out;
}

function readMap(field: MapField, value: unknown, path: string, context: ReadContext): Record<string, unknown> {
  const obj = check(isObject(value), value, 'an object', path, context) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(obj).map(([key, v]) => [key, read(field.values, v, `${path}.${key}`, context)]));
}

function readArray(field: ArrayField, value: unknown, path: string, context: ReadContext): unknown[] {
  const list = check(Array.isArray(value), value, 'a list', path, context) as unknown[];
  const items = list.map((item, i) => read(field.items, item, `${path}[${i}]`, context));
  if (items.length < (field.minItems ?? 0)) {
    const must = field.tooFew ?? `have at least ${field.minItems} items`;
    throw context.error(`${subject(path, context)} must ${must}, got: ${JSON.stringify(value)}.`);
  }
  return items;
}

function readString(field: StringField, value: unknown, path: string, context: ReadContext): string {
  const ok = typeof value === 'string' && value.length >= (field.minLength ?? 0)
    && (field.pattern === undefined || new RegExp(field.pattern).test(value));
  return check(ok, value, field.expected ?? 'a string', path, context) as string;
}

function readNumber(field: NumberField, value: unknown, path: string, context: ReadContext): number {
  const [min, max] = [bound(field.minimum, context), bound(field.maximum, context)];
  const whole = field.type === 'integer';
  const ok = typeof value === 'number' && (whole ? Number.isInteger(value) : Number.isFinite(value)) && value >= min && value <= max;
  return check(ok, value, `${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`, path, context) as number;
}

function bound(b: Bound, context: ReadContext): number {
  return typeof b === 'number' ? b : b.of(context);
}

/** The JSON schema (draft 2020-12) of a document, with `header` ($schema, $id, title...) first. */
export function jsonSchema(field: ObjectField, header: Record<string, unknown>): Record<string, unknown> {
  const defs = new Map<string, unknown>();
  const body = schemaOf(field, defs);
  return { ...header, ...body, $defs: Object.fromEntries(defs) };
}

function schemaOf(field: Field, defs: Map<string, unknown>): Record<string, unknown> {
  const common = { description: field.description, default: field.default };
  switch (field.type) {
    case 'ref':
      if (!defs.has(field.to.name)) {
        defs.set(field.to.name, undefined); // reserves the name: a definition may refer to itself
        defs.set(field.to.name, schemaOf(field.to.field, defs));
      }
      return compact({ $ref: `#/$defs/${field.to.name}`, ...common });
    case 'object': {
      const required = Object.entries(field.properties).filter(([, p]) => p.required).map(([k]) => k);
      const properties = Object.fromEntries(Object.entries(field.properties).map(([k, p]) => [k, schemaOf(p, defs)]));
      return compact({ type: 'object', ...common, required: required.length > 0 ? required : undefined, additionalProperties: false, properties });
    }
    case 'map': return compact({ type: 'object', ...common, additionalProperties: schemaOf(field.values, defs) });
    case 'array': return compact({ type: 'array', ...common, minItems: field.minItems, items: schemaOf(field.items, defs) });
    case 'string': return compact({ type: 'string', ...common, pattern: field.pattern, minLength: field.minLength });
    case 'boolean': return compact({ type: 'boolean', ...common });
    default: return compact({ type: field.type, ...common, minimum: schemaBound(field.minimum), maximum: schemaBound(field.maximum) });
  }
}

function schemaBound(b: Bound): number {
  return typeof b === 'number' ? b : b.schema;
}

/** The object without its undefined properties. */
function compact(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
