// Measures what requiring one built Function adds to a cold process that already holds
// what the Functions runtime provides (its `twilio` as the `Twilio` global, and the
// runtime's Response): the modules loaded and the milliseconds taken, in a fresh Node
// process each time so nothing is shared between measurements.
import { execFileSync } from 'child_process';
import { join } from 'path';

export interface ColdLoad {
  /** Modules the function's file added to require.cache, the file itself included. */
  modules: number;
  milliseconds: number;
  /** Packages (node_modules/<name>) among the added modules. */
  packages: string[];
}

// Runs in the child: recreate the runtime's globals, then require the function and count.
const PROBE = `
const path = require('path');
const twilio = require('twilio');
const { Response } = require(path.join(path.dirname(require.resolve('@twilio/runtime-handler/dev')), 'internal/response.js'));
globalThis.Twilio = { ...twilio, Response };
globalThis.Runtime = { getFunctions: () => ({}), getAssets: () => ({}) };
const before = new Set(Object.keys(require.cache));
const start = process.hrtime.bigint();
require(process.argv[1]);
const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
const added = Object.keys(require.cache).filter((key) => !before.has(key));
const packages = [...new Set(added.map((key) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(key)?.[1]).filter(Boolean))];
process.stdout.write(JSON.stringify({ modules: added.length, milliseconds, packages }));
`;

export function measureColdLoad(functionFile: string, root: string): ColdLoad {
  const output = execFileSync(process.execPath, ['-e', PROBE, functionFile], { cwd: root, encoding: 'utf8' });
  return JSON.parse(output) as ColdLoad;
}

/** The functions that answer a caller with TwiML: the caller hears silence while they load. */
export const CALLER_PATH = ['menu', 'menu-choice', 'screen', 'screen-result', 'forward-result', 'voicemail', 'voicemail-done', 'fallback'];

export const CALLER_PATH_MODULE_BUDGET = 20;

export const builtFunction = (root: string, name: string) => join(root, 'dist', 'functions', `${name}.protected.js`);
