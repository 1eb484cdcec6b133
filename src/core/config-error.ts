/** A configuration the user must fix before anything can be scanned (CLI exit code 2). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
