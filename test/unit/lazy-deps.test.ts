import { describe, expect, it } from 'vitest';
import { lazy } from '../../functions/adapters/ingest-deps';

describe('lazily built dependencies', () => {
  it('are built once, but built again after a failed asynchronous build', async () => {
    let builds = 0;
    const deps = lazy(async () => {
      builds++;
      if (builds === 1) throw new Error('secret not readable yet');
      return 'ready';
    });

    await expect(deps()).rejects.toThrow('secret not readable yet');
    await Promise.resolve();
    expect(await deps()).toBe('ready');
    expect(await deps()).toBe('ready');
    expect(builds).toBe(2);
  });
});
