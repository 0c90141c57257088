// Maps a request path onto one of Airtable's endpoints. Paths that match nothing get
// Airtable's bare 404.
import { isId } from './ids';

export type Route =
  | { kind: 'meta-tables'; baseId: string }
  | { kind: 'meta-fields'; baseId: string; table: string }
  | { kind: 'table'; baseId: string; table: string }
  | { kind: 'list-records'; baseId: string; table: string }
  | { kind: 'record'; baseId: string; table: string; recordId: string };

function segments(pathname: string): string[] | undefined {
  try {
    // A trailing slash is harmless: the client sends `/v0/app…/Calls/` for creates.
    return pathname
      .split('/')
      .slice(1)
      .filter((part, index, all) => part !== '' || index < all.length - 1)
      .map(decodeURIComponent);
  } catch {
    return undefined; // malformed percent-encoding
  }
}

export function matchRoute(pathname: string): Route | undefined {
  const parts = segments(pathname);
  if (parts?.[0] !== 'v0') return undefined;
  if (parts[1] === 'meta') {
    const [, , bases, baseId, tables, table, fields] = parts;
    if (bases !== 'bases' || !isId('app', baseId ?? '') || tables !== 'tables') return undefined;
    if (parts.length === 5) return { kind: 'meta-tables', baseId };
    if (parts.length === 7 && fields === 'fields' && table) return { kind: 'meta-fields', baseId, table };
    return undefined;
  }
  const [, baseId, table, last] = parts;
  if (!isId('app', baseId ?? '') || !table) return undefined;
  if (parts.length === 3) return { kind: 'table', baseId, table };
  if (parts.length === 4 && last === 'listRecords') return { kind: 'list-records', baseId, table };
  if (parts.length === 4 && last) return { kind: 'record', baseId, table, recordId: last };
  return undefined;
}
