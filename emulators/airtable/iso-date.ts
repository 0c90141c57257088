// Strict ISO 8601 parsing. `Date.parse` alone is too lenient (it turns '1' into 2001) and
// reads zone-less strings as local time, while Airtable reads them as UTC.

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseIsoDate(text: string): Date | undefined {
  const match = ISO_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '0', zone = 'Z'] = match;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const normalisedZone = zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${normalisedZone}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject rollovers such as 2024-02-30, which Date would quietly turn into March.
  if (zone === 'Z' && date.getUTCDate() !== Number(day)) return undefined;
  return date;
}
