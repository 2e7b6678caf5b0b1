import { parseMatchers } from '../labels/parse.js';
import { type Silence, Silencer, silenceState, validateSilence } from './silence.js';

const s: Silence = {
  id: 's1', matchers: parseMatchers('alertname="Down", cluster=~"a|b"'), createdBy: 'me', comment: 'maintenance',
  startsAt: new Date('2026-01-01T10:00:00Z'), endsAt: new Date('2026-01-01T12:00:00Z'),
};

describe('silences', () => {
  it('are pending, active (ends inclusive) then expired', () => {
    expect(silenceState(s, new Date('2026-01-01T09:59:59Z'))).toBe('pending');
    expect(silenceState(s, new Date('2026-01-01T10:00:00Z'))).toBe('active');
    expect(silenceState(s, new Date('2026-01-01T12:00:00Z'))).toBe('active');
    expect(silenceState(s, new Date('2026-01-01T12:00:01Z'))).toBe('expired');
  });

  it('mute matching alerts only while active', () => {
    const silencer = new Silencer([s]);
    const labels = { alertname: 'Down', cluster: 'b' };
    expect(silencer.mutes(labels, new Date('2026-01-01T11:00:00Z'))).toBe(true);
    expect(silencer.silencedBy(labels, new Date('2026-01-01T11:00:00Z'))).toEqual(['s1']);
    expect(silencer.mutes({ alertname: 'Down', cluster: 'c' }, new Date('2026-01-01T11:00:00Z'))).toBe(false);
    expect(silencer.mutes(labels, new Date('2026-01-01T13:00:00Z'))).toBe(false);
  });

  it('are validated like Alertmanager', () => {
    expect(validateSilence(s)).toEqual([]);
    expect(validateSilence({ ...s, id: '', matchers: parseMatchers('a=~".*"') })).toEqual(['ID missing', 'at least one matcher must not match the empty string']);
    expect(validateSilence({ ...s, matchers: [], endsAt: new Date('2026-01-01T09:00:00Z') })).toEqual([
      'at least one matcher required', 'end time must not be before start time',
    ]);
  });
});
