import { createHmac } from 'node:crypto';
import { verifySignature } from './webhook-service.js';

describe('verifySignature', () => {
  const body = Buffer.from('{"action":"closed"}');
  const good = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;

  it('accepts the HMAC of the exact raw body only', () => {
    expect(verifySignature('s3cret', body, good)).toBe(true);
    expect(verifySignature('other', body, good)).toBe(false);
    expect(verifySignature('s3cret', Buffer.from('{"action": "closed"}'), good)).toBe(false);
    expect(verifySignature('s3cret', body, good.replace('sha256=', 'sha1='))).toBe(false);
    expect(verifySignature('s3cret', body, '')).toBe(false);
  });
});
