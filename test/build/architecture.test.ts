// The layout docs/architecture.md states, checked against the code: folders by domain under
// functions/lib, the imports each domain may make, and modules small enough to read.
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = join(__dirname, '..', '..');
const LIB = join(ROOT, 'functions', 'lib');
const MAX_LINES = 250;

function allowedImports(): Map<string, Set<string>> {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## What may import what'));
  const rows = [...section.matchAll(/^\| `([a-z]+)` \|([^|\n]*)\|$/gm)];
  return new Map(rows.map(([, domain, allowed]) => [domain, new Set([...allowed.matchAll(/`([a-z]+)`/g)].map((m) => m[1]))]));
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const relativeImports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)].map((m) =>
    relative(ROOT, resolve(dirname(file), m[1])),
  );

const domainOf = (path: string): string | undefined => /^functions\/lib\/([^/]+)\//.exec(path)?.[1];

describe('functions/lib, as docs/architecture.md lays it out', () => {
  const allowed = allowedImports();
  const libFiles = tsFiles(LIB);

  it('holds folders only, one per domain the document lists', () => {
    const entries = readdirSync(LIB);
    expect(entries.filter((name) => !statSync(join(LIB, name)).isDirectory())).toEqual([]);
    expect(entries.sort()).toEqual([...allowed.keys()].sort());
  });

  it('imports across domains only as the table allows', () => {
    const crossings = libFiles.flatMap((file) => {
      const from = domainOf(relative(ROOT, file)) as string;
      return relativeImports(file)
        .map((target) => ({ from, to: domainOf(target), file: relative(ROOT, file), target }))
        .filter(({ to }) => to !== from);
    });
    const refused = crossings.filter(
      ({ from, to, target }) => target !== 'functions/lib/twilio/values' && !(to && allowed.get(from)?.has(to)),
    );
    expect(refused).toEqual([]);
    // The table is not wider than the code needs: every allowance is used.
    const used = new Set(crossings.map(({ from, to }) => `${from}->${to}`));
    const unused = [...allowed].flatMap(([from, tos]) =>
      [...tos].filter((to) => !used.has(`${from}->${to}`)).map((to) => `${from}->${to}`),
    );
    expect(unused).toEqual([]);
  });

  it("lets any domain read Twilio's value sets, which import nothing", () => {
    expect(relativeImports(join(LIB, 'twilio', 'values.ts'))).toEqual([]);
  });

  it(`keeps every module to ${MAX_LINES} lines`, () => {
    const long = [...libFiles, ...tsFiles(join(ROOT, 'functions')).filter((f) => !f.startsWith(LIB))]
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it("declares environment variables only in a domain's own settings module", () => {
    const declaring = libFiles
      .filter((file) => /^export const \w+ = defineSettings\(\{/m.test(readFileSync(file, 'utf8')))
      .map((file) => relative(LIB, file));
    expect(declaring.every((file) => /^[a-z]+\/settings\.ts$/.test(file))).toBe(true);
  });
});
