import * as z from 'zod';
import { Env } from '../contracts/environment';
import { type Hotel, HotelSchema } from '../domain/hotels';
import { required } from './aws-clients';

/**
 * The hotels' settings, passed as JSON in `HOTELS_JSON`. Its own module: a function that needs
 * only the hotels does not bundle the intake's lexicons and ciphers with them.
 */
export function hotelsFromEnv(env = process.env): Hotel[] {
  return z.array(HotelSchema).parse(JSON.parse(required(Env.hotelsJson, env)));
}
