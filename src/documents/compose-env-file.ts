import { interpolate } from './compose-interpolate.js';

/**
 * The variables of a `.env` file: name → value, or `null` when the value itself refers to a
 * variable the file does not define (it would come from the shell, which Containment does not
 * know). A name that is absent is unset.
 */
export type ComposeEnv = ReadonlyMap<string, string | null>;

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Reads a `.env` file with Compose's dotenv syntax
 * (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax):
 * `KEY=value` (or `KEY: value`), an optional `export ` prefix, `#` comment lines and ` #` inline
 * comments after unquoted values; single quotes are literal, double quotes understand `\n`-style
 * escapes; both may span lines. Unquoted and double-quoted values interpolate `${VAR}` from the
 * lines above. A line that cannot be read is skipped, never thrown.
 */
export function parseEnvFile(text: string): ComposeEnv {
  const env = new Map<string, string | null>();
  const source = text.replace(/\r\n?/g, '\n');
  let at = 0;
  while (at < source.length) {
    let end = source.indexOf('\n', at);
    if (end < 0) end = source.length;
    const line = source.slice(at, end).replace(/^[ \t]+/, '');
    const lineStart = end - line.length;
    at = end + 1;
    if (line === '' || line.startsWith('#')) continue;
    const body = line.replace(/^export[ \t]+/, '');
    const sep = body.search(/[=:]/);
    if (sep < 0) continue; // `KEY` alone takes its value from the shell: unknown, so unset here.
    const key = body.slice(0, sep).trim();
    if (!KEY.test(key)) continue;
    let valueStart = lineStart + (line.length - body.length) + sep + 1;
    while (source[valueStart] === ' ' || source[valueStart] === '\t') valueStart++;
    const quote = source[valueStart];
    if (quote === '"' || quote === "'") {
      const close = closingQuote(source, valueStart + 1, quote);
      if (close >= 0) {
        const raw = source.slice(valueStart + 1, close);
        env.set(key, quote === "'" ? raw : expand(unescapeQuoted(raw), env));
        const next = source.indexOf('\n', close);
        at = next < 0 ? source.length : next + 1;
        continue;
      }
    }
    const value = source.slice(valueStart, end).replace(/(^|[ \t])#.*$/, '').trim();
    env.set(key, expand(value, env));
  }
  return env;
}

function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$$' };

function unescapeQuoted(raw: string): string {
  return raw.replace(/\\(.)/g, (whole, char: string) => ESCAPES[char] ?? whole);
}

function expand(value: string, env: ComposeEnv): string | null {
  const result = interpolate(value, env);
  return result.ok ? result.value : null;
}
