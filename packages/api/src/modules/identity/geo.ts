import { createRequire } from 'node:module';
import { isIP } from 'node:net';

interface GeoipCountry {
  lookup(ip: string): { country: string } | null;
}

const require = createRequire(import.meta.url);
let geoip: GeoipCountry | undefined;

const PRIVATE_RANGES = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^::1$/, /^f[cd]/i, /^fe80:/i];

/**
 * An approximate location for a session list: the country, from the GeoLite2 data shipped in geoip-country
 * (loaded on first use), or "local network" for private addresses. Never more precise than a country.
 */
export function approximateLocation(ip: string): string | null {
  const address = ip.replace(/^::ffff:/, '');
  if (!isIP(address)) return null;
  if (PRIVATE_RANGES.some((range) => range.test(address))) return 'Local network';
  geoip ??= require('geoip-country') as GeoipCountry;
  const country = geoip.lookup(address)?.country;
  if (!country) return null;
  return new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
}
