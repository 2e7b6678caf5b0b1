// The registry is consistent: every subject family has a payload type, an example, a stream that
// stores it and one dead-letter subject per consumer; every consumer sees only its own family.
import { existsSync } from 'node:fs';
import { CONSUMERS, STREAMS, SUBJECTS } from './gen/registry.js';
import type { StreamName } from './gen/registry.js';
import { subjectMatches } from './subject-match.js';
import { deadLetterSubject } from './subjects.js';

const repoRoot = new URL('../../../', import.meta.url);
const families = Object.values(SUBJECTS);

describe.each(families)('subject family $key ($subject)', (family) => {
  it('has a generated message schema of the declared type', () => {
    expect(family.schema.typeName).toBe(family.messageName);
  });

  it('has an example payload', () => {
    expect(existsSync(new URL(family.example, repoRoot))).toBe(true);
  });

  it('is stored by a declared stream whose subjects cover it', () => {
    const stream = STREAMS[family.stream as StreamName];
    expect(stream).toBeDefined();
    expect(stream.subjects.some((s) => subjectMatches(s, family.subject))).toBe(true);
  });

  it('has exactly one dead-letter subject per consumer, dlq.<consumer>', () => {
    expect(Object.keys(family.deadLetterSubjects).sort()).toEqual([...family.consumers].sort());
    for (const consumer of family.consumers) {
      expect(family.deadLetterSubjects[consumer as keyof typeof family.deadLetterSubjects]).toBe(deadLetterSubject(consumer));
    }
  });

  it('has a concrete subject made of its prefix and one placeholder per token', () => {
    expect(family.subject).toBe(`${family.subjectPrefix}.>`);
    expect(family.concreteSubject).toBe([family.subjectPrefix, ...family.tokens.map((t) => `<${t}>`)].join('.'));
  });
});

describe('consumers', () => {
  it('are each declared by the subject family they read, in the stream that stores it', () => {
    for (const consumer of Object.values(CONSUMERS)) {
      const family = SUBJECTS[consumer.subjectKey];
      expect(family.consumers).toContain(consumer.durable);
      expect(consumer.stream).toBe(family.stream);
      expect(subjectMatches(family.subject, consumer.filterSubject)).toBe(true);
      expect(consumer.deadLetterSubject).toBe(`dlq.${consumer.durable}`);
    }
    expect(Object.keys(CONSUMERS).sort()).toEqual(families.flatMap((f) => f.consumers).sort());
  });

  it('are the durables of the architecture, with one filter subject each (NATS 2.9)', () => {
    expect(Object.fromEntries(Object.values(CONSUMERS).map((c) => [c.durable, `${c.stream} ${c.filterSubject}`]))).toEqual({
      'alert-router': 'ISSUES issues.activity.>',
      clustering: 'EVENTS events.enriched.>',
      'clustering-commands': 'ISSUES issues.commands.>',
      enrichment: 'EVENTS events.ingested.>',
      'github-issues': 'NOTIFY notify.github.>',
    });
  });

  it('all dead-letter into the DLQ stream', () => {
    for (const consumer of Object.values(CONSUMERS)) {
      expect(subjectMatches(SUBJECTS.dlq.subject, consumer.deadLetterSubject)).toBe(true);
    }
  });
});

describe('streams', () => {
  it('do not overlap, so every subject is stored exactly once', () => {
    const streams = Object.values(STREAMS);
    for (const a of streams) {
      for (const b of streams) {
        if (a === b) continue;
        for (const s of a.subjects) expect(b.subjects.some((t) => subjectMatches(t, s) || subjectMatches(s, t))).toBe(false);
      }
    }
  });

  it('are named after themselves and keep messages for a positive time', () => {
    for (const [name, stream] of Object.entries(STREAMS)) {
      expect(stream.name).toBe(name);
      expect(stream.maxAgeMs).toBeGreaterThan(0);
      expect(stream.duplicateWindowMs).toBeGreaterThan(0);
    }
  });
});
