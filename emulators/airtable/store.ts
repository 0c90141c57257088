// The emulator's data: bases, their tables and records. Handlers mutate the objects they
// get from here and call `commit()` once a change is complete.
import { modelNotFound } from './api-error';
import { loadBases, saveBases } from './persistence';
import type { StoredBase, StoredTable } from './types';

export class Store {
  private readonly bases = new Map<string, StoredBase>();

  constructor(private readonly dataDir?: string) {
    if (dataDir) for (const base of loadBases(dataDir)) this.bases.set(base.id, base);
  }

  /** Bases spring into existence (empty) the first time they are addressed. */
  base(baseId: string): StoredBase {
    let base = this.bases.get(baseId);
    if (!base) {
      base = { id: baseId, tables: [] };
      this.bases.set(baseId, base);
    }
    return base;
  }

  findTable(baseId: string, idOrName: string): StoredTable | undefined {
    const tables = this.base(baseId).tables;
    return tables.find((table) => table.id === idOrName) ?? tables.find((table) => table.name === idOrName);
  }

  requireTable(baseId: string, idOrName: string): StoredTable {
    const table = this.findTable(baseId, idOrName);
    if (!table) throw modelNotFound();
    return table;
  }

  commit(): void {
    if (this.dataDir) saveBases(this.dataDir, [...this.bases.values()]);
  }
}
