import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { rawArchiveTagsDirOf } from '../../functions/adapters/raw-archive';
import { expirationDaysOf, type RawArchiveLifecycleRule } from '../../functions/contracts/raw-archive';

const DAY_MILLIS = 86_400_000;
const ARCHIVE_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The local stand-in for the raw archive bucket's lifecycle: deletes from the archive folder
 * (`.data/raw/`, see `FileRawArchive`) the bodies the same rules would have S3 delete by `now`,
 * with their tags. S3 expires an object N days after its creation, rounded up to the next
 * midnight UTC; here the creation day is the one in the key (`<channel>/<YYYY-MM-DD>/…`, the
 * runtime's clock when it arrived, which `simulate` moves ahead), so a body of day D kept N days
 * is gone from D + N + 1 at 00:00Z. Returns how many bodies it deleted.
 */
export async function expireRawArchive(
  directory: string,
  rules: readonly RawArchiveLifecycleRule[],
  now: Date,
): Promise<number> {
  if (rules.length === 0) return 0;
  const shortest = Math.min(...rules.map((rule) => rule.expirationDays));
  const tagsRoot = rawArchiveTagsDirOf(directory);
  let removed = 0;
  for (const channel of await unionOf(subfolders, directory, tagsRoot)) {
    for (const day of await unionOf(subfolders, join(directory, channel), join(tagsRoot, channel))) {
      const created = ARCHIVE_DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
      // Nothing of a day younger than the shortest retention is due: its tags need no reading.
      if (Number.isNaN(created) || !isDue(created, shortest, now)) continue;
      const bodies = join(directory, channel, day);
      const tags = join(tagsRoot, channel, day);
      for (const name of await unionOf(files, bodies, tags)) {
        const days = expirationDaysOf(rules, await tagsIn(join(tags, name)));
        if (days === undefined || !isDue(created, days, now)) continue;
        if (await removeFile(join(bodies, name))) removed++;
        await removeFile(join(tags, name));
      }
      await removeIfEmpty(bodies);
      await removeIfEmpty(tags);
    }
    await removeIfEmpty(join(directory, channel));
    await removeIfEmpty(join(tagsRoot, channel));
  }
  return removed;
}

const isDue = (createdDay: number, days: number, now: Date) =>
  now.getTime() >= createdDay + (days + 1) * DAY_MILLIS;

/** The names either folder holds (a body without tags is untagged; tags without a body, left by a crash, go too). */
async function unionOf(list: (folder: string) => Promise<string[]>, ...folders: string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const folder of folders) for (const name of await list(folder)) names.add(name);
  return [...names].sort();
}

const subfolders = (folder: string) => entriesOf(folder, (entry) => entry.isDirectory());
const files = (folder: string) => entriesOf(folder, (entry) => entry.isFile());

async function entriesOf(
  folder: string,
  keep: (entry: { isDirectory(): boolean; isFile(): boolean }) => boolean,
): Promise<string[]> {
  try {
    return (await readdir(folder, { withFileTypes: true })).filter(keep).map((entry) => entry.name);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return [];
    throw error;
  }
}

/**
 * An object's tags as `FileRawArchive` wrote them; none for an untagged body, or for a tags file
 * cut short by a crash (written before its body), which the longest rule then expires.
 */
async function tagsIn(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return {};
    throw error;
  }
  try {
    const tags: unknown = JSON.parse(text);
    return typeof tags === 'object' && tags !== null ? (tags as Record<string, string>) : {};
  } catch {
    return {};
  }
}

async function removeFile(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw error;
  }
}

async function removeIfEmpty(folder: string): Promise<void> {
  try {
    await rmdir(folder);
  } catch (error) {
    if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(codeOf(error) ?? '')) throw error;
  }
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
