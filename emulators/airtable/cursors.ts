// List pagination. Like Airtable's iterators, the first page freezes which records the
// query matched and in what order; the `offset` handed out (`itr…/rec…`) points into that
// snapshot, so the same cursor can be replayed and pages stay consistent while rows change.
import { airtableError } from './api-error';
import { newId } from './ids';

interface Snapshot {
  query: string;
  recordIds: string[];
}

export interface CursorPosition {
  snapshotId: string;
  recordIds: string[];
  index: number;
}

/** Oldest snapshots are forgotten beyond this, as Airtable's iterators expire. */
const MAX_SNAPSHOTS = 1000;

function invalidOffset(offset: string) {
  return airtableError(422, 'INVALID_OFFSET_VALUE', `The value of offset ${offset} is invalid`);
}

export class Cursors {
  private readonly snapshots = new Map<string, Snapshot>();

  /** `query` identifies the filter, sort and limit a cursor belongs to. */
  create(query: string, recordIds: string[]): string {
    const id = newId('itr');
    this.snapshots.set(id, { query, recordIds });
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
    const index = snapshot.recordIds.indexOf(recordId);
    if (index === -1) throw invalidOffset(offset);
    return { snapshotId, recordIds: snapshot.recordIds, index };
  }
}
