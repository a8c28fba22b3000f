import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { type Hotel, HotelsFileSchema } from '../functions/domain/hotels';

/** The hotels' configuration deployed when neither the stack props nor context `hotelsFile` name one. */
export const DEFAULT_HOTELS_FILE = fileURLToPath(new URL('../config/hotels.json', import.meta.url));

/**
 * Largest `HOTELS_JSON` value the stack deploys. Lambda allows 4 KB for all environment
 * variables of a function together (names and values); about 1 KB is left for the others
 * (table and bus names, Powertools settings, NODE_OPTIONS).
 */
export const HOTELS_JSON_MAX_BYTES = 3 * 1024;

export interface HotelsConfig {
  /** Absolute path of the file read. */
  file: string;
  /** The hotels as validated, defaults filled in. */
  hotels: Hotel[];
  /** `HOTELS_JSON`: the validated hotels array, as the ticket functions parse it. */
  json: string;
}

/**
 * Reads and validates the hotels file at synth time, so a broken configuration fails
 * `cdk synth` rather than the functions at run time. A relative path is taken from the
 * current directory (as `cdk synth -c hotelsFile=...` is typed).
 */
export function loadHotelsConfig(file: string = DEFAULT_HOTELS_FILE): HotelsConfig {
  const path = resolve(file);
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the hotels file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = HotelsFileSchema.safeParse(content);
  if (!parsed.success) throw new Error(`Invalid hotels file ${path}:\n${z.prettifyError(parsed.error)}`);
  const { hotels } = parsed.data;

  const json = JSON.stringify(hotels);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > HOTELS_JSON_MAX_BYTES)
    throw new Error(
      `The hotels of ${path} take ${bytes} bytes as HOTELS_JSON, more than the ${HOTELS_JSON_MAX_BYTES} ` +
        'bytes the stack allows (Lambda caps all environment variables of a function at 4 KB). ' +
        'Move the hotels configuration out of the environment (e.g. into the table or SSM Parameter Store).',
    );
  return { file: path, hotels, json };
}
