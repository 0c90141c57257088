// Configuration is declared once, in code (each domain's settings.ts); docs/configuration.md
// and .env.example are checked against those declarations: the same variables, the same
// defaults, the same required ones.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Setting } from '../../functions/lib/boundary/env';

const ROOT = join(__dirname, '..', '..');
const LIB = join(ROOT, 'functions', 'lib');

const isSetting = (value: unknown): value is Setting =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Setting).name === 'string' &&
  typeof (value as Setting).required === 'boolean';

function declared(): Map<string, Setting> {
  const settings = new Map<string, Setting>();
  for (const domain of readdirSync(LIB)) {
    if (!readdirSync(join(LIB, domain)).includes('settings.ts')) continue;
    const exports = require(join(LIB, domain, 'settings.ts')) as Record<string, unknown>;
    for (const group of Object.values(exports)) {
      if (typeof group !== 'object' || group === null) continue;
      for (const [key, setting] of Object.entries(group)) {
        if (!isSetting(setting) || setting.name !== key) continue;
        expect(settings.has(setting.name)).toBe(false); // declared by one domain only
        settings.set(setting.name, setting);
      }
    }
  }
  return settings;
}

interface Documented {
  fallback?: string;
  required: boolean;
}

// | `NAME` | `default` or (none)/(empty) | yes/no | what it does |
function documented(): Map<string, Documented> {
  const doc = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \| (yes|no) \|/gm)];
  return new Map(
    rows.map(([, name, fallback, required]) => {
      const value = /^`(.*)`$/.exec(fallback.trim());
      const parsed = value ? value[1] : fallback.trim() === '(empty)' ? '' : undefined;
      return [name, { fallback: parsed, required: required === 'yes' }];
    }),
  );
}

// # required: true|false, then NAME=value (empty, or the default).
function example(): Map<string, { value: string; required: boolean }> {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const blocks = [...text.matchAll(/((?:^#.*\n)+)^([A-Z0-9_]+)=(.*)$/gm)];
  return new Map(blocks.map(([, comments, name, value]) => [name, { value, required: /^# required: true$/m.test(comments) }]));
}

describe('configuration, declared once', () => {
  const settings = declared();
  const doc = documented();
  const env = example();

  it('finds the declarations', () => {
    expect(settings.size).toBeGreaterThan(20);
    expect(settings.get('FORWARD_TO')).toMatchObject({ required: true });
  });

  it('docs/configuration.md names every declared variable and no other', () => {
    expect([...doc.keys()].sort()).toEqual([...settings.keys()].sort());
  });

  it('docs/configuration.md gives each one its declared default and presence', () => {
    for (const [name, setting] of settings) {
      expect({ name, ...doc.get(name) }).toEqual({ name, fallback: setting.fallback, required: setting.required });
    }
  });

  it('.env.example lists every declared variable and no other', () => {
    expect([...env.keys()].sort()).toEqual([...settings.keys()].sort());
  });

  it('.env.example leaves each one empty or at its default, and marks the required ones', () => {
    for (const [name, setting] of settings) {
      const entry = env.get(name);
      expect({ name, required: entry?.required }).toEqual({ name, required: setting.required });
      if (entry?.value !== '') expect({ name, value: entry?.value }).toEqual({ name, value: setting.fallback });
    }
  });

  it('no function reads a variable around the declarations', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    // Only the runtime's own variables are read by name: PATH (the route) and SIMULATED_TIME (local runs).
    const reads = files(join(ROOT, 'functions')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:context|env)(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)].map(
        (m) => m[1] ?? m[2],
      ),
    );
    expect([...new Set(reads)].filter((name) => !settings.has(name)).sort()).toEqual(['PATH', 'SIMULATED_TIME']);
  });
});
