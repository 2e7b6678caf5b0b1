import { subjectMatches } from './subject-match.js';
import { deadLetterSubject, subjectFor } from './subjects.js';

describe('subjectFor', () => {
  it('builds concrete subjects from the registry prefix', () => {
    expect(subjectFor('eventsIngested', '42')).toBe('events.ingested.42');
    expect(subjectFor('eventsEnriched', '42')).toBe('events.enriched.42');
    expect(subjectFor('issuesActivity', '7')).toBe('issues.activity.7');
    expect(subjectFor('issuesCommands', '7')).toBe('issues.commands.7');
    expect(subjectFor('notify', 'github', 'shop-web')).toBe('notify.github.shop-web');
  });

  it('refuses tokens that would change the subject hierarchy or match as wildcards', () => {
    for (const bad of ['', '4.2', '*', '>', 'a b', 'tab\there']) {
      expect(() => subjectFor('eventsIngested', bad)).toThrow(
        `subject events.ingested.<project_id>: <project_id> "${bad}" must be non-empty without ".", "*", ">" or whitespace`,
      );
    }
  });

  it('refuses the wrong number of tokens', () => {
    const untyped = subjectFor as (key: string, ...tokens: string[]) => string;
    expect(() => untyped('notify', 'github')).toThrow('subject notify.<integration>.<receiver> needs 2 token(s), got 1');
    expect(() => untyped('nope', 'x')).toThrow('unknown subject key "nope"');
  });
});

describe('deadLetterSubject', () => {
  it('is dlq.<consumer>', () => {
    expect(deadLetterSubject('enrichment')).toBe('dlq.enrichment');
    expect(deadLetterSubject('clustering-commands')).toBe('dlq.clustering-commands');
    expect(() => deadLetterSubject('a.b')).toThrow('<consumer> "a.b"');
  });
});

describe('subjectMatches', () => {
  it.each([
    ['events.>', 'events.ingested.42', true],
    ['events.>', 'events.ingested.>', true],
    ['events.>', 'events', false],
    ['events.ingested.>', 'events.enriched.42', false],
    ['notify.>', 'notify.github.>', true],
    ['notify.github.>', 'notify.>', false],
    ['events.*.42', 'events.ingested.42', true],
    ['events.*.42', 'events.ingested.>', false],
    ['events.ingested.42', 'events.ingested.42', true],
    ['events.ingested.42', 'events.ingested.42.x', false],
  ])('%s covers %s: %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});
