// The JSON keys are part of the contract: Sentry's snake_case everywhere (so a payload reads like
// the event the SDK sent), except the Alertmanager webhook payload, which uses Alertmanager's keys.
import type { DescMessage } from '@bufbuild/protobuf';
import { AlertSchema, NotificationSchema } from './gen/faultline/v1/notification_pb.js';
import { DeadLetterSchema } from './gen/faultline/v1/dead_letter_pb.js';
import { SUBJECTS } from './gen/registry.js';

/** Every message reachable from `root` through message fields, Google's well-known types excluded. */
function reachable(root: DescMessage, seen = new Map<string, DescMessage>()): Map<string, DescMessage> {
  if (seen.has(root.typeName) || root.typeName.startsWith('google.protobuf.')) return seen;
  seen.set(root.typeName, root);
  for (const field of root.fields) {
    if (field.fieldKind === 'message') reachable(field.message, seen);
    if ((field.fieldKind === 'list' || field.fieldKind === 'map') && field.message) reachable(field.message, seen);
  }
  return seen;
}

const all = new Map<string, DescMessage>();
for (const family of Object.values(SUBJECTS)) reachable(family.schema, all);

describe('JSON keys', () => {
  it('are the snake_case proto field names outside the Alertmanager payload', () => {
    const wrong = [...all.values()]
      .filter((m) => m !== NotificationSchema && m !== AlertSchema)
      .flatMap((m) => m.fields.filter((f) => f.jsonName !== f.name).map((f) => `${m.typeName}.${f.name} → ${f.jsonName}`));
    expect(wrong).toEqual([]);
  });

  it("are Alertmanager's webhook v4 keys in the notification payload", () => {
    expect(NotificationSchema.fields.map((f) => f.jsonName)).toEqual([
      'version', 'groupKey', 'truncatedAlerts', 'status', 'receiver', 'groupLabels', 'commonLabels',
      'commonAnnotations', 'externalURL', 'notification_reason', 'routeLabels', 'alerts',
    ]);
    expect(AlertSchema.fields.map((f) => f.jsonName)).toEqual([
      'status', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint',
    ]);
  });

  it('of DeadLetter are exactly the agreed fields and numbers', () => {
    expect(DeadLetterSchema.fields.map((f) => `${f.number}:${f.jsonName}`)).toEqual([
      '1:consumer', '2:stream', '3:subject', '4:stream_sequence', '5:deliveries', '6:reason', '7:cause',
      '8:headers', '9:payload', '10:payload_binary', '11:failed_at', '12:error_id',
    ]);
  });
});
