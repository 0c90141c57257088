// Recreates the globals the Twilio Functions runtime gives every function, so that
// unit tests can load function sources directly (TypeScript, through ts-jest).
import * as path from 'path';
import * as fs from 'fs';
import twilio from 'twilio';
// The local runtime's own Response class, the one twilio-run hands to functions. The
// package's exports map hides it, so it is loaded by file path.
const { Response } = require(
  path.join(path.dirname(require.resolve('@twilio/runtime-handler/dev')), 'internal/response.js'),
);

const functionsDir = path.resolve(__dirname, '../../functions');

function listFunctions(dir: string, prefix = ''): Record<string, { path: string }> {
  const map: Record<string, { path: string }> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      Object.assign(map, listFunctions(full, `${prefix}${entry.name}/`));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const name = entry.name.replace(/\.ts$/, '').replace(/\.(private|protected)$/, '');
      map[`${prefix}${name}`] = { path: full };
    }
  }
  return map;
}

const functions = listFunctions(functionsDir);
Object.assign(globalThis, {
  Twilio: { ...twilio, Response },
  Runtime: { getFunctions: () => functions, getAssets: () => ({}), getSync: () => undefined },
});
