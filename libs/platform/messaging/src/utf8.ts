// UTF-8 bytes of a payload built by concatenation (the canonical-JSON writer's output is a
// rope of many small strings). `Buffer#write` flattens and encodes it in one pass, which on
// Node 20 costs about half of what the client's `TextEncoder#encode` does on such a string
// (measured on a 6 KB event: ≈ 4 µs against ≈ 9–15 µs). The bytes are the same, including
// the U+FFFD that replaces a lone surrogate.

/** The UTF-8 encoding of `text`, in a buffer of exactly its length. */
export function utf8Bytes(text: string): Uint8Array {
  const out = Buffer.allocUnsafe(Buffer.byteLength(text, 'utf8'));
  out.write(text, 0, 'utf8');
  return out;
}
