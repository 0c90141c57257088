// The built output as `twilio serverless:deploy` uploads it, found with the deploy
// toolkit's own file discovery (twilio-run's @twilio-labs/serverless-api, reading
// .twilioserverlessrc's folders): one self-contained file per Function, with the access
// each one had, no helper module deployed as a Function of its own.

import { getListOfFunctionsAndAssets } from '@twilio-labs/serverless-api/dist/utils/fs';
import { readFileSync } from 'fs';
import { builtinModules } from 'module';
import { join } from 'path';
import { builtFunction, CALLER_PATH, CALLER_PATH_MODULE_BUDGET, measureColdLoad } from '../../scripts/cold-load';

const ROOT = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

const EXPECTED = {
  '/menu': 'protected',
  '/menu-choice': 'protected',
  '/screen': 'protected',
  '/screen-result': 'protected',
  '/forward-result': 'protected',
  '/voicemail': 'protected',
  '/voicemail-done': 'protected',
  '/fallback': 'protected',
  '/status': 'protected',
  '/forward-status': 'protected',
  '/conference-status': 'protected',
  '/phone-status': 'protected',
  '/recording-status': 'protected',
  '/transcription': 'protected',
  '/message-status': 'protected',
  '/calls': 'public',
  '/month': 'public',
  '/recording': 'public',
  '/session': 'public',
  '/changes': 'public',
  '/reconcile': 'public',
  '/alerts-due': 'public',
  '/handled': 'public',
  '/note': 'public',
  '/block': 'public',
  '/call-back': 'public',
};

async function deployedFunctions() {
  const { functions } = await getListOfFunctionsAndAssets(ROOT, {
    functionsFolderNames: ['dist/functions'],
    assetsFolderNames: ['dist/assets'],
  });
  return functions;
}

/** Every module a built file loads: require("x") calls and import("x") expressions (loaded when needed) left in the bundle. */
const requiredModules = (source: string) => [...source.matchAll(/\b(?:require|import)\(["']([^"']+)["']\)/g)].map((match) => match[1]);

describe('what deploy uploads', () => {
  it('is exactly the Functions, each with the access it is meant to have', async () => {
    const functions = await deployedFunctions();
    expect(Object.fromEntries(functions.map((fn) => [fn.path, fn.access]))).toEqual(EXPECTED);
  });

  it('requires no file by relative path, only Node built-ins and the dependencies Twilio installs', async () => {
    for (const fn of await deployedFunctions()) {
      const required = requiredModules(readFileSync(fn.filePath, 'utf8'));
      const unexpected = required.filter(
        (name) => !builtinModules.includes(name.replace(/^node:/, '')) && !(name in packageJson.dependencies),
      );
      expect({ path: fn.path, unexpected }).toEqual({ path: fn.path, unexpected: [] });
    }
  });

  it('keeps the deployed package list to what the functions load', () => {
    expect(Object.keys(packageJson.dependencies).sort()).toEqual([
      '@sendgrid/client',
      '@sendgrid/mail',
      '@twilio/runtime-handler',
      'airtable',
      'twilio',
    ]);
  });

  it('carries an inline source map, so a stack trace in the Functions log points at the TypeScript line', () => {
    const source = readFileSync(builtFunction(ROOT, 'menu'), 'utf8');
    const map = JSON.parse(
      Buffer.from(/sourceMappingURL=data:application\/json;base64,(.+)$/m.exec(source)?.[1] ?? '', 'base64').toString(),
    );
    expect(map.sources).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/functions\/menu\.protected\.ts$/),
        expect.stringMatching(/functions\/lib\/voice\/menu\.ts$/),
      ]),
    );
  });
});

describe('the caller path on a cold start', () => {
  it.each(CALLER_PATH)('/%s loads no store client, no SDK copy, and stays within the module budget', (name) => {
    const load = measureColdLoad(builtFunction(ROOT, name), ROOT);
    expect(load.packages).toEqual([]);
    expect(load.modules).toBeLessThanOrEqual(CALLER_PATH_MODULE_BUDGET);
  });

  it('a callback, by contrast, does load the Airtable client (so the check above can fail)', () => {
    expect(measureColdLoad(builtFunction(ROOT, 'status'), ROOT).packages).toContain('airtable');
  });
});
