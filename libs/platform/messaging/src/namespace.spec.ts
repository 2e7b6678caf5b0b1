import { Namespace } from './namespace.js';

describe('Namespace', () => {
  it('is the identity in production (no prefix)', () => {
    const ns = new Namespace();
    expect(ns.stream('EVENTS')).toBe('EVENTS');
    expect(ns.subject('events.ingested.42')).toBe('events.ingested.42');
    expect(ns.logicalSubject('events.ingested.42')).toBe('events.ingested.42');
  });

  it('prefixes streams and subjects, and strips the prefix back off', () => {
    const ns = new Namespace('t_abc');
    expect(ns.stream('EVENTS')).toBe('t_abc_EVENTS');
    expect(ns.subject('events.>')).toBe('t_abc.events.>');
    expect(ns.logicalSubject('t_abc.events.ingested.42')).toBe('events.ingested.42');
    expect(ns.logicalSubject('other.events.ingested.42')).toBe('other.events.ingested.42');
  });

  it('rejects prefixes that are not valid stream-name and subject tokens', () => {
    for (const bad of ['a.b', 'a b', 'a>', 'a*']) {
      expect(() => new Namespace(bad)).toThrow(`NATS stream prefix "${bad}" is invalid`);
    }
  });
});
