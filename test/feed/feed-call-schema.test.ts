// FeedCall is defined once, by the type the server builds it as (functions/lib/feed/shape.ts),
// which the feed page imports (assets/feed/types.js). The API's document (assets/openapi.json)
// is written for readers, so it is held to that type here: the same properties, all required,
// none extra, each with the same JSON types and the same values.
import { readFileSync } from 'fs';
import { join } from 'path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** A type reduced to what JSON Schema can say of it. */
interface Shape {
  types: string[];
  values?: (string | null)[];
  properties?: Record<string, Shape>;
  required?: string[];
}

function merge(shapes: Shape[]): Shape {
  const types = [...new Set(shapes.flatMap((shape) => shape.types))].sort();
  const values = shapes.some((shape) => shape.values) ? shapes.flatMap((shape) => shape.values ?? [null]).sort() : undefined;
  const objects = shapes.filter((shape) => shape.properties);
  if (objects.length > 1) throw new Error('a union of two object types');
  return {
    types,
    ...(values ? { values } : {}),
    ...(objects[0] ? { properties: objects[0].properties, required: objects[0].required } : {}),
  };
}

/** FeedCall as the page sees it: through the page's own types module, as tsconfig.assets.json compiles it. */
function typeScriptShape(): Shape {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.assets.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!;
  const entry = join(ROOT, 'assets', 'feed', 'types.js');
  const program = ts.createProgram([entry], config.options);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const feedCall = checker.getExportsOfModule(module).find((symbol) => symbol.name === 'FeedCall')!;

  const shape = (type: ts.Type): Shape => {
    if (type.isUnion()) return merge(type.types.map(shape));
    if (type.flags & ts.TypeFlags.Null) return { types: ['null'] };
    if (type.flags & ts.TypeFlags.BooleanLiteral || type.flags & ts.TypeFlags.Boolean) return { types: ['boolean'] };
    if (type.isStringLiteral()) return { types: ['string'], values: [type.value] };
    if (type.flags & ts.TypeFlags.String) return { types: ['string'] };
    if (type.flags & ts.TypeFlags.Number) return { types: ['number'] };
    if (type.flags & ts.TypeFlags.Object) {
      const properties: Record<string, Shape> = {};
      const required: string[] = [];
      for (const property of checker.getPropertiesOfType(type)) {
        properties[property.name] = shape(checker.getTypeOfSymbol(property));
        if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
      }
      return { types: ['object'], properties, required: required.sort() };
    }
    throw new Error(`no JSON for ${checker.typeToString(type)}`);
  };
  return shape(checker.getDeclaredTypeOfSymbol(feedCall));
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: (string | null)[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
};

/** FeedCall as assets/openapi.json documents it. */
function documentedShape(): Shape {
  const schemas = JSON.parse(readFileSync(join(ROOT, 'assets', 'openapi.json'), 'utf8')).components.schemas as Record<string, Schema>;
  const shape = (schema: Schema): Shape => {
    if (schema.$ref) return shape(schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.oneOf) return merge(schema.oneOf.map(shape));
    const declared = schema.type === undefined ? [] : [schema.type].flat().map((type) => (type === 'integer' ? 'number' : type));
    if (schema.enum) {
      const types = schema.enum.map((value) => (value === null ? 'null' : typeof value));
      return merge([
        { types: [...declared, ...types], values: schema.enum.filter((value) => value !== null) },
        ...(schema.enum.includes(null) || declared.includes('null') ? [{ types: ['null'] }] : []),
      ]);
    }
    if (schema.properties) {
      // A FeedCall has exactly its properties: the document must not allow others.
      expect([schema.required, schema.additionalProperties]).toEqual([expect.any(Array), false]);
      const properties = Object.fromEntries(Object.entries(schema.properties).map(([name, inner]) => [name, shape(inner)]));
      return { types: ['object'], properties, required: [...schema.required!].sort() };
    }
    return { types: declared.sort() };
  };
  return shape(schemas.FeedCall);
}

describe('FeedCall', () => {
  const typed = typeScriptShape();

  it('is the type the page reads: an object of every fact, each always present', () => {
    expect(Object.keys(typed.properties ?? {})).toEqual(expect.arrayContaining(['callSid', 'outcome', 'voicemail', 'alertFailed']));
    expect(typed.required).toEqual(Object.keys(typed.properties!).sort());
    expect(typed.properties!.outcome).toEqual({ types: ['string'], values: ['abandoned', 'answered', 'blocked', 'missed', 'voicemail'] });
  });

  it('is documented in openapi.json exactly as the type says', () => {
    expect(documentedShape()).toEqual(typed);
  });
});
