import fc from 'fast-check';
import { fromStorageToDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { dexieRows } from './snapshot';

// Keys as synced documents have them, plus the ones RxDB's Dexie storage renames.
const key = fc.constantFrom('id', 'subject', 'public', 'active', 'tags', 'a', 'b', 'x.y', '|k', 'a.|b', 'pipe|inside', '__');
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
}));
const doc = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  _deleted: fc.boolean(),
  public: fc.oneof(fc.boolean(), fc.constant(undefined)),
  a: fc.oneof(fc.record({ b: fc.boolean() }), fc.constant(undefined)),
  extra: fc.dictionary(key, value, { maxKeys: 5 }),
});

describe('dexieRows (snapshot rows for RxDB’s Dexie tables)', () => {
  for (const booleanIndexes of [['_deleted'], ['public', '_deleted'], ['a.b', '_deleted']]) {
    it(`gives the row RxDB's fromStorageToDexie gives, boolean indexes ${booleanIndexes.join(', ')}`, () => {
      const toRow = dexieRows(booleanIndexes);
      fc.assert(
        fc.property(doc, (d) => {
          const before = structuredClone(d);
          const ours = toRow(d as never);
          expect(ours).toEqual(fromStorageToDexie(booleanIndexes, d as never));
          // The document itself (what the change event carries) is left as it was.
          expect(d).toEqual(before);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('stores indexed booleans as RxDB does and renames a key that starts with a pipe', () => {
    const toRow = dexieRows(['public', '_deleted']);
    expect(toRow({ id: 't1', public: true, _deleted: false, meta: { ok: true } } as never)).toEqual({ id: 't1', public: '1', _deleted: '0', meta: { ok: true } });
    expect(toRow({ id: 't2', _deleted: true, nested: [{ '|c': 1 }] } as never)).toEqual({ id: 't2', public: '0', _deleted: '1', nested: [{ __c: 1 }] });
  });
});
