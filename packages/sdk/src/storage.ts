/**
 * Where the SDK keeps what must survive a restart: the device UUID, the last lease and the last
 * signed server time. Values are short strings. Browser-safe; file storage for Node is in
 * `@keyward/sdk/node`.
 */
export interface KeywardStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
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
  };
}

/** The part of the Web Storage API this needs (window.localStorage, sessionStorage). */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** window.localStorage (or any Web Storage object), keys prefixed with `prefix`. */
export function localStorageStorage(
  options: { prefix?: string; storage?: WebStorageLike } = {},
): KeywardStorage {
  const prefix = options.prefix ?? "keyward:";
  const web = options.storage ?? (globalThis as { localStorage?: WebStorageLike }).localStorage;
  if (!web) throw new Error("localStorage is not available here: pass options.storage");
  return {
    get: async (key) => web.getItem(prefix + key),
    set: async (key, value) => web.setItem(prefix + key, value),
    delete: async (key) => web.removeItem(prefix + key),
  };
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
  return {
    get: async (key) => {
      const value = await run<unknown>("readonly", (store) => store.get(key));
      return typeof value === "string" ? value : null;
    },
    set: (key, value) => run<void>("readwrite", (store) => store.put(value, key)),
    delete: (key) => run<void>("readwrite", (store) => store.delete(key)),
  };
}
