import type { PortBinding } from './container.js';

/**
 * Parses a published port in the short syntax shared by Compose and `docker run -p`:
 * `[host_ip:][published:]target[/protocol]`, with ranges (`8000-8010:8000-8010`) and bracketed
 * IPv6 hosts (`[::1]:8080:80`). A spec with no published part publishes nothing on a fixed host
 * port but still binds every interface on an ephemeral one, so it keeps no `host_ip`.
 */
export function parsePortSpec(spec: string | number): PortBinding | undefined {
  let text = String(spec).trim();
  if (text === '') return undefined;
  let protocol = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    protocol = text.slice(slash + 1) || 'tcp';
    text = text.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    hostIp = text.slice(1, close);
    text = text.slice(close + 1).replace(/^:/, '');
  }
  const parts = text.split(':');
  let target: string;
  let published: string | undefined;
  if (hostIp === undefined && parts.length >= 3) {
    // An unbracketed IPv6 host (`::1:8080:80`) is everything before the last two parts.
    target = parts.pop()!;
    published = parts.pop();
    hostIp = parts.join(':');
  } else if (parts.length === 2) {
    [published, target] = parts as [string, string];
  } else {
    target = parts[parts.length - 1]!;
    if (parts.length > 2) published = parts[parts.length - 2];
  }
  return {
    ...(hostIp ? { host_ip: hostIp } : {}),
    ...(published ? { published } : {}),
    target,
    protocol,
  };
}
