// Synchronizing a test with the code it races against, without sleeping: one side resolves a
// signal at the point that matters, the other awaits it (Node 20 has no Promise.withResolvers).

export interface Signal {
  promise: Promise<void>;
  resolve(): void;
}

/** A promise and the function that resolves it. */
export function signal(): Signal {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
