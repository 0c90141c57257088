// List pagination. Like Airtable's iterators, the first page freezes which records the
// query matched and in what order; the `offset` handed out (`itr…/rec…`) points into that
// snapshot, so the same cursor can be replayed and pages stay consistent while rows change.
import { airtableError } from './api-error';
import { newId } from './ids';

interface Snapshot {
  query: string;
  recordIds: string[];
  createdAt: number;
}

export interface CursorPosition {
  snapshotId: string;
  recordIds: string[];
  index: number;
}

/** Oldest snapshots are forgotten beyond this, as Airtable's iterators expire. */
const MAX_SNAPSHOTS = 1000;

/**
 * Airtable's list iterators expire: a later page asked with an old `offset` is refused with
 * 422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE. The lifetime is not documented
 * (https://airtable.com/developers/web/api/list-records says to pass the offset "to fetch the
 * next page"; integrators see the error after a few minutes), so it is a setting; 5 minutes by default.
 */
export const DEFAULT_CURSOR_LIFETIME_MS = 5 * 60_000;

// What Airtable answers for an offset it never gave out, as reported from the real API
// (https://github.com/Airtable/airtable.js/issues/317): 422 INVALID_OFFSET_VALUE.
function invalidOffset(offset: string) {
  return airtableError(422, 'INVALID_OFFSET_VALUE', `The value of offset ${offset} is invalid`);
}

function iteratorExpired() {
  return airtableError(
    422,
    'LIST_RECORDS_ITERATOR_NOT_AVAILABLE',
    'The list records iterator is no longer available; request the first page again',
  );
}

export class Cursors {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(public lifetimeMs = DEFAULT_CURSOR_LIFETIME_MS) {}

  /** `query` identifies the filter, sort and limit a cursor belongs to. */
  create(query: string, recordIds: string[]): string {
    const id = newId('itr');
    this.snapshots.set(id, { query, recordIds, createdAt: Date.now() });
    if (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
    return id;
  }

  offsetFor(snapshotId: string, nextRecordId: string): string {
    return `${snapshotId}/${nextRecordId}`;
  }

  resume(offset: string, query: string): CursorPosition {
    const [snapshotId, recordId, ...rest] = offset.split('/');
    const snapshot = this.snapshots.get(snapshotId);
    if (!snapshot || rest.length > 0 || snapshot.query !== query) throw invalidOffset(offset);
    if (Date.now() - snapshot.createdAt > this.lifetimeMs) throw iteratorExpired();
    const index = snapshot.recordIds.indexOf(recordId);
    if (index === -1) throw invalidOffset(offset);
    return { snapshotId, recordIds: snapshot.recordIds, index };
  }
}
