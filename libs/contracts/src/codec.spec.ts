import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { decodeMessage, encodeMessage } from './codec.js';
import { ContractDecodeError } from './contract-decode-error.js';
import { DeadLetterCause, DeadLetterSchema } from './gen/faultline/v1/dead_letter_pb.js';
import { StackFrameSchema } from './gen/faultline/v1/sentry_frame_pb.js';

describe('encodeMessage', () => {
  it('writes canonical JSON on one line with snake_case keys and without default values', () => {
    const json = encodeMessage(DeadLetterSchema, {
      consumer: 'enrichment',
      streamSequence: 7n,
      cause: DeadLetterCause.REJECTED,
      reason: 'line one\nline two',
      failedAt: timestampFromMs(Date.UTC(2026, 2, 14, 9, 0, 0, 250)),
    });
    expect(json).toBe(
      '{"consumer":"enrichment","stream_sequence":"7","reason":"line one\\nline two","cause":"DEAD_LETTER_CAUSE_REJECTED","failed_at":"2026-03-14T09:00:00.250Z"}',
    );
    expect(json).not.toContain('\n');
  });

  it('accepts a message built with create() as well as a plain init object', () => {
    const frame = create(StackFrameSchema, { function: 'jd', lineno: 1, colno: 20455, inApp: false });
    expect(encodeMessage(StackFrameSchema, frame)).toBe('{"function":"jd","lineno":1,"colno":20455,"in_app":false}');
  });
});

describe('decodeMessage', () => {
  const decode = (data: Uint8Array | string) => () => decodeMessage(DeadLetterSchema, data);

  it('decodes a string or UTF-8 bytes', () => {
    const json = '{"consumer":"clustering","deliveries":5,"payload":"héllo"}';
    expect(decodeMessage(DeadLetterSchema, json).payload).toBe('héllo');
    expect(decodeMessage(DeadLetterSchema, new TextEncoder().encode(json)).deliveries).toBe(5);
  });

  it('rejects invalid UTF-8', () => {
    expect(decode(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toThrow(
      'cannot decode faultline.v1.DeadLetter: payload is not valid UTF-8 (4 bytes)',
    );
  });

  it('rejects an empty payload', () => {
    expect(decode(' \n')).toThrow('cannot decode faultline.v1.DeadLetter: payload is empty');
  });

  it('rejects invalid JSON with the JSON parser message', () => {
    expect(decode('{"consumer": }')).toThrow(/^cannot decode faultline\.v1\.DeadLetter: payload is not valid JSON \(.+\)$/);
    expect(decode('{"consumer":"x"} trailing')).toThrow(/^cannot decode faultline\.v1\.DeadLetter: payload is not valid JSON \(.+\)$/);
  });

  it('rejects JSON that is not an object', () => {
    expect(decode('[1,2]')).toThrow('cannot decode faultline.v1.DeadLetter: payload must be a JSON object, got an array');
    expect(decode('null')).toThrow('cannot decode faultline.v1.DeadLetter: payload must be a JSON object, got null');
    expect(decode('"x"')).toThrow('cannot decode faultline.v1.DeadLetter: payload must be a JSON object, got string');
  });

  it('rejects unknown fields, including camelCase spellings of snake_case keys', () => {
    expect(decode('{"consumer":"x","colour":"red"}')).toThrow('cannot decode faultline.v1.DeadLetter: key "colour" is unknown');
  });

  it('rejects values of the wrong type and unknown enum names', () => {
    expect(decode('{"deliveries":"many"}')).toThrow(/^cannot decode faultline\.v1\.DeadLetter: .*deliveries.*"many"/);
    expect(decode('{"cause":"DEAD_LETTER_CAUSE_BORED"}')).toThrow(/^cannot decode faultline\.v1\.DeadLetter: .*DEAD_LETTER_CAUSE_BORED/);
  });

  it('throws a ContractDecodeError carrying the message name and the cause', () => {
    try {
      decodeMessage(DeadLetterSchema, '{');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ContractDecodeError);
      const e = err as ContractDecodeError;
      expect(e.name).toBe('ContractDecodeError');
      expect(e.messageName).toBe('faultline.v1.DeadLetter');
      expect(e.detail).toMatch(/^payload is not valid JSON/);
      expect(e.cause).toBeInstanceOf(SyntaxError);
    }
  });
});
