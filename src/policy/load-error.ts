/** A pack or rule file that cannot be used: which file, where in it, and what to fix. */
export interface LoadError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatLoadError(error: LoadError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.message}`;
}
