// PouchDB ships no types of its own; the benchmark uses a handful of calls, typed here.
declare module 'pouchdb-core' {
  interface PouchDatabase {
    bulkDocs(docs: object[]): Promise<unknown[]>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    destroy(): Promise<void>;
    close(): Promise<void>;
    replicate: {
      from(source: string, options?: { batch_size?: number; batches_limit?: number }): Promise<{ docs_written: number; ok: boolean }>;
    };
  }
  interface PouchStatic {
    new (name: string, options?: { adapter?: string }): PouchDatabase;
    plugin(plugin: unknown): PouchStatic;
    defaults(options: { adapter?: string }): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
  export type { PouchDatabase, PouchStatic };
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-idb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
declare module 'express-pouchdb' {
  import type { Server } from 'node:http';
  import type { PouchStatic } from 'pouchdb-core';
  function expressPouchDB(pouch: PouchStatic, options?: Record<string, unknown>): { listen(port: number, host: string): Server };
  export default expressPouchDB;
}
