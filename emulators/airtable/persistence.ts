// Keeps the store in one JSON file. Writes go to a temporary file that is then renamed
// over the old one, so a crash mid-write never leaves a half-written store behind.
import * as fs from 'fs';
import * as path from 'path';
import type { StoredBase } from './types';

const FILE_NAME = 'airtable-emulator.json';
const FORMAT_VERSION = 1;

interface StoreFile {
  version: number;
  bases: StoredBase[];
}

export function loadBases(dataDir: string): StoredBase[] {
  const file = path.join(dataDir, FILE_NAME);
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StoreFile>;
  if (parsed.version !== FORMAT_VERSION || !Array.isArray(parsed.bases)) {
    throw new Error(`${file} is not an Airtable emulator store (version ${FORMAT_VERSION})`);
  }
  return parsed.bases;
}

export function saveBases(dataDir: string, bases: StoredBase[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE_NAME);
  const temp = `${file}.${process.pid}.tmp`;
  const content: StoreFile = { version: FORMAT_VERSION, bases };
  fs.writeFileSync(temp, JSON.stringify(content));
  fs.renameSync(temp, file);
}
