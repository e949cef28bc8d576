import { jsonSchema, NumberField, ObjectField, readDocument } from '../../src/simulator/json-format';

const error = (message: string) => new RangeError(message);
const read = (field: ObjectField, value: unknown) => () => readDocument(field, value, { source: 'f.json', documentName: 'the file', error });

/** Bounded by the property read before it. */
const TO: NumberField = { type: 'integer', minimum: { schema: 1, of: c => c.parent.from + 1 }, maximum: 100, default: 100 };

const SPAN: ObjectField = {
  type: 'object',
  properties: {
    from: { type: 'integer', required: true, minimum: 0, maximum: 100 },
    to: TO,
    tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
    weights: { type: 'object', partial: true, properties: { a: { type: 'number', minimum: 0, maximum: 1, default: 1 } }, default: {} },
  },
};

describe('a format read from its table', () => {
  test('defaults apply to absent properties, except in partial objects, and are checked like given values', () => {
    expect(read(SPAN, { from: 3 })()).toEqual({ from: 3, to: 100, tags: undefined, weights: {} });
    expect(read(SPAN, { from: 3, weights: { a: 0.5 } })()).toEqual({ from: 3, to: 100, weights: { a: 0.5 } });
    expect(read({ ...SPAN, properties: { ...SPAN.properties, to: { ...TO, default: 2 } } }, { from: 3 }))
      .toThrow("f.json: 'to' must be a whole number from 4 to 100, got: 2.");
  });

  test.each([
    [{ from: 3, to: 3 }, "f.json: 'to' must be a whole number from 4 to 100, got: 3."],
    [{ from: 3, tags: [] }, "f.json: 'tags' must have at least 1 items, got: []."],
    [{ from: 3, tags: ['a', 1] }, "f.json: 'tags[1]' must be a string, got: 1."],
    [{ from: 3, weights: { b: 1 } }, "f.json: 'weights' has unknown property 'b' (allowed: a)."],
    [[], 'f.json: the file must be an object, got: [].'],
  ])('fails if the document is %j', (value, message) => {
    expect(read(SPAN, value)).toThrow(RangeError);
    expect(read(SPAN, value)).toThrow(message);
  });

  test('the schema says the bounds it can, the defaults and what is required; a definition may refer to itself', () => {
    expect(jsonSchema(SPAN, { title: 't' })).toEqual({
      title: 't',
      type: 'object',
      required: ['from'],
      additionalProperties: false,
      properties: {
        from: { type: 'integer', minimum: 0, maximum: 100 },
        to: { type: 'integer', default: 100, minimum: 1, maximum: 100 },
        tags: { type: 'array', minItems: 1, items: { type: 'string' } },
        weights: { type: 'object', default: {}, additionalProperties: false, properties: { a: { type: 'number', default: 1, minimum: 0, maximum: 1 } } },
      },
      $defs: {},
    });
    const tree: { name: string; field: ObjectField } = { name: 'tree', field: { type: 'object', properties: {} } };
    (tree.field.properties as any).children = { type: 'array', items: { type: 'ref', to: tree } };
    expect(jsonSchema({ type: 'object', properties: { root: { type: 'ref', to: tree } } }, {}).$defs).toEqual({
      tree: { type: 'object', additionalProperties: false, properties: { children: { type: 'array', items: { $ref: '#/$defs/tree' } } } },
    });
  });
});
