import * as fs from 'fs';
import * as path from 'path';
import { parseEnv } from 'util';
import { LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN } from './local-defaults';

export interface Credentials {
  accountSid: string;
  authToken: string;
}

/**
 * ACCOUNT_SID / AUTH_TOKEN the way the local Functions server sees them: the environment first,
 * then the .env file in `cwd`, then the shared local defaults. Empty values count as unset.
 */
export function loadCredentials(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Credentials {
  const envFile = path.join(cwd, '.env');
  const fromFile: Record<string, string | undefined> = fs.existsSync(envFile) ? parseEnv(fs.readFileSync(envFile, 'utf8')) : {};
  const pick = (name: string, fallback: string): string => env[name] || fromFile[name] || fallback;
  return {
    accountSid: pick('ACCOUNT_SID', LOCAL_ACCOUNT_SID),
    authToken: pick('AUTH_TOKEN', LOCAL_AUTH_TOKEN),
  };
}
