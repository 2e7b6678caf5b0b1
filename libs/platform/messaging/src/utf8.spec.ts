import { describe, expect, it } from 'vitest';
import { utf8Bytes } from './utf8.js';

const encoder = new TextEncoder();

describe('utf8Bytes', () => {
  it.each([
    ['empty', ''],
    ['ASCII JSON', '{"event_id":"00ff","message":"x is undefined"}'],
    ['two-, three- and four-byte characters', 'é — 漢字 🙂 ∑'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate at the end', 'end\udfff'],
    ['a surrogate pair split across concatenated pieces', ['{"v":"', '\ud83d', '\ude42', '"}'].join('')],
  ])('encodes %s exactly as TextEncoder does', (_name, text) => {
    expect(Buffer.from(utf8Bytes(text)).equals(Buffer.from(encoder.encode(text)))).toBe(true);
  });

  it('encodes a long string built from many pieces (a rope) to the bytes of its flat form', () => {
    let text = '';
    for (let i = 0; i < 2_000; i++) text += i % 7 === 0 ? `"ü${i}",` : `${i},`;
    const bytes = utf8Bytes(text);
    expect(bytes.byteLength).toBe(Buffer.byteLength(text));
    expect(Buffer.from(bytes).toString('utf8')).toBe(text);
  });
});
