/**
 * A Compose value that stays unknown after interpolation (`${VAR}` with no `.env` entry, a
 * `${VAR:?err}` that Compose would refuse). It travels through the interpolated tree so the
 * normalizer can leave the field absent (ContainerSpec convention: never guessed, never a match)
 * and the schema check can skip it.
 */
export const UNKNOWN: unique symbol = Symbol('compose.unknown');

export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}
