// `client_report` items (PROTOCOLS §1.4): the SDK's own count of events it dropped before sending
// (queue overflow, before_send, rate-limit back-off …), which ingest adds to a metric. Session items
// are only counted: Faultline does not do release health.
import { DiscardReason } from '@faultline/contracts';
import { describeJson, IngestError } from './errors.js';
import { parseJsonPayload } from './json-payload.js';

/** A client report reduced to what is counted. */
export interface ClientReport {
  timestamp?: number;
  discarded: { reason: string; category: string; quantity: number }[];
}

/** Parses a client_report payload or throws IngestError('invalid_json') saying what is wrong. */
export function parseClientReport(payload: Uint8Array): ClientReport {
  const json = parseJsonPayload(payload, 'client_report');
  if (!isObject(json)) throw invalid(`client_report: expected an object, got ${describeJson(json)}`);
  const report: ClientReport = { discarded: [] };
  if (typeof json.timestamp === 'number') report.timestamp = json.timestamp;
  else if (typeof json.timestamp === 'string' && !Number.isNaN(Date.parse(json.timestamp))) report.timestamp = Date.parse(json.timestamp) / 1000;
  // Relay's ClientReport also has rate_limited/filtered lists; SDKs only send discarded_events, but a
  // Relay forwarding to us would send the others, and they are drops all the same.
  for (const key of ['discarded_events', 'rate_limited_events', 'filtered_events', 'filtered_sampling_events']) {
    const list = json[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw invalid(`client_report.${key}: expected an array, got ${describeJson(list)}`);
    list.forEach((entry, i) => {
      const p = `client_report.${key}[${i}]`;
      if (!isObject(entry)) throw invalid(`${p}: expected an object, got ${describeJson(entry)}`);
      const { reason, category, quantity } = entry;
      if (typeof reason !== 'string' || reason === '') throw invalid(`${p}.reason: expected a string, got ${describeJson(reason)}`);
      if (typeof category !== 'string' || category === '') throw invalid(`${p}.category: expected a string, got ${describeJson(category)}`);
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) throw invalid(`${p}.quantity: expected a non-negative integer, got ${describeJson(quantity)}`);
      report.discarded.push({ reason, category, quantity });
    });
  }
  return report;
}

/** How many sessions a `session` (one) or `sessions` (aggregate buckets) item stands for. */
export function countSessions(type: string, payload: Uint8Array): number {
  if (type === 'session') return 1;
  const json = parseJsonPayload(payload, type);
  const aggregates = isObject(json) ? json.aggregates : undefined;
  if (!Array.isArray(aggregates)) throw invalid(`${type}.aggregates: expected an array, got ${describeJson(aggregates)}`);
  let total = 0;
  for (const bucket of aggregates) {
    if (!isObject(bucket)) continue;
    for (const k of ['exited', 'errored', 'crashed', 'abnormal']) {
      const n = bucket[k];
      if (typeof n === 'number' && n > 0) total += n;
    }
  }
  return total;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(message: string): IngestError {
  return new IngestError('invalid_json', message, DiscardReason.JSON_INVALID);
}
