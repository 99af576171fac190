/**
 * Where the SDK keeps what must survive a restart: the device UUID, the last lease and the last
 * signed server time. Values are short strings. Browser-safe; file storage for Node is in
 * `@keyward/sdk/node`.
 */
export interface KeywardStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Stores `value` under `key` only if the key holds no value yet, as one atomic step across
   * every process or tab sharing the storage, and answers the value the key holds afterwards:
   * `value`, or the one another writer stored first. The device id is created with it, so apps
   * started at once on one device agree on one identity. Optional: without it the SDK reads,
   * writes and reads again, and two first starts at the same instant may each keep their own id.
   */
  setIfAbsent?(key: string, value: string): Promise<string>;
}

/**
 * `storage.setIfAbsent`, or, for a storage without it, get / set / get: not atomic (a concurrent
 * first writer can still be overwritten), but every caller ends on the value stored last.
 */
export async function setIfAbsent(
  storage: KeywardStorage,
  key: string,
  value: string,
): Promise<string> {
  if (storage.setIfAbsent) return storage.setIfAbsent(key, value);
  const stored = await storage.get(key);
  if (stored !== null) return stored;
  await storage.set(key, value);
  return (await storage.get(key)) ?? value;
}

/** Kept in memory only: for tests, or apps that accept a new device identity on every run. */
export function memoryStorage(): KeywardStorage {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
    // One synchronous step: nothing else runs in between.
    setIfAbsent: async (key, value) => {
      if (!values.has(key)) values.set(key, value);
      return values.get(key)!;
    },
  };
}

/** The part of the Web Storage API this needs (window.localStorage, sessionStorage). */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The part of the Web Locks API `localStorageStorage` uses (navigator.locks). */
interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * window.localStorage (or any Web Storage object), keys prefixed with `prefix`.
 *
 * Web Storage has no compare-and-set, and browsers do not serialize tabs' accesses to it. So
 * `setIfAbsent` reads and writes inside a Web Lock (`navigator.locks`, every current browser in a
 * secure context) named after the key: tabs of one origin take it in turn. Where the Web Locks
 * API is missing it reads, writes and reads again, and two tabs opened at the same instant may
 * then each keep their own device id (two seats); `indexedDbStorage` has no such gap.
 */
export function localStorageStorage(
  options: { prefix?: string; storage?: WebStorageLike } = {},
): KeywardStorage {
  const prefix = options.prefix ?? "keyward:";
  const web = options.storage ?? (globalThis as { localStorage?: WebStorageLike }).localStorage;
  if (!web) throw new Error("localStorage is not available here: pass options.storage");
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  const storage: KeywardStorage = {
    get: async (key) => web.getItem(prefix + key),
    set: async (key, value) => web.setItem(prefix + key, value),
    delete: async (key) => web.removeItem(prefix + key),
  };
  if (locks) {
    storage.setIfAbsent = (key, value) =>
      locks.request(`keyward:${prefix}${key}`, async () => {
        const stored = web.getItem(prefix + key);
        if (stored !== null) return stored;
        web.setItem(prefix + key, value);
        return value;
      });
  }
  return storage;
}

/** IndexedDB: one object store `values` in database `databaseName` (default "keyward"). */
export function indexedDbStorage(options: { databaseName?: string } = {}): KeywardStorage {
  const name = options.databaseName ?? "keyward";
  const STORE = "values";
  let opening: Promise<IDBDatabase> | undefined;
  const open = () => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opening;
  };
  const run = async <T>(
    mode: IDBTransactionMode,
    action: (store: IDBObjectStore) => IDBRequest,
  ): Promise<T> => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      // Resolve on commit, not on the request's success: a write is only durable then.
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  };
  const storage: KeywardStorage = {
    get: async (key) => {
      const value = await run<unknown>("readonly", (store) => store.get(key));
      return typeof value === "string" ? value : null;
    },
    set: (key, value) => run<void>("readwrite", (store) => store.put(value, key)),
    delete: (key) => run<void>("readwrite", (store) => store.delete(key)),
    // add() fails on an existing key, and readwrite transactions on one store run one at a
    // time across tabs: the read after it sees the first writer's value. The failure itself is
    // only reported when nothing was stored (a transaction's error may not be set yet when its
    // error event fires, so its name is not a reliable test for "the key exists").
    async setIfAbsent(key, value) {
      const failure = await run<void>("readwrite", (store) => store.add(value, key)).then(
        () => null,
        (error: unknown) => ({ error }),
      );
      const stored = await storage.get(key);
      if (stored !== null) return stored;
      throw failure?.error ?? new Error(`IndexedDB kept no value for ${key}`);
    },
  };
  return storage;
}
