// Airtable ids are a three-letter prefix and 14 base-62 characters.
import { randomInt } from 'crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export type IdPrefix = 'rec' | 'tbl' | 'fld' | 'viw' | 'sel' | 'itr';

export function newId(prefix: IdPrefix): string {
  let id = prefix;
  for (let i = 0; i < 14; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export function isId(prefix: IdPrefix | 'app', value: string): boolean {
  return new RegExp(`^${prefix}[A-Za-z0-9]{14}$`).test(value);
}
