import { existsSync, readFileSync } from 'fs';
import { parseEnv } from 'util';

/** Variables of a dotenv file, or none when it does not exist. */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}
