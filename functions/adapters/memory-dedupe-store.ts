import type { DedupeStore } from '../domain/ports';

/** The dedupe store in memory: for the CLI, benchmarks and property tests, never for Lambda. */
export class MemoryDedupeStore implements DedupeStore {
  private readonly states = new Map<string, 'claimed' | 'published'>();

  async claim(keys: readonly string[]): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const key of keys) {
      if (this.states.has(key)) continue;
      this.states.set(key, 'claimed');
      claimed.add(key);
    }
    return claimed;
  }

  async confirm(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.states.set(key, 'published');
  }

  async release(keys: readonly string[]): Promise<void> {
    for (const key of keys) if (this.states.get(key) === 'claimed') this.states.delete(key);
  }
}
