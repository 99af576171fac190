// A small typed emitter: EventTarget's events carry no typed payload, and callbacks are what
// vendors wire to their UI ("license locked" dialogs).

// biome-ignore lint/suspicious/noExplicitAny: listener argument lists vary per event
export class Emitter<Events extends Record<keyof Events, (...args: any[]) => void>> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Calls `listener` on each `event`; returns the function that removes it. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  protected emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      // A throwing listener must not break the licensing flow that emitted.
      try {
        listener(...args);
      } catch (error) {
        console.error("@keyward/sdk: a listener threw", error);
      }
    }
  }
}
