// Alertmanager API v2 matchers (`{name, value, isRegex, isEqual}`) to and from routing Matchers.
import { Matcher, type MatchType } from '@faultline/routing';

/** A matcher as the API v2 and the silences table carry it. */
export interface ApiMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual: boolean;
}

/** Builds a Matcher; throws (RegexSyntaxError, Error) when the regex is invalid. */
export function toMatcher(m: ApiMatcher): Matcher {
  const type: MatchType = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return new Matcher(type, m.name, m.value);
}

/** The API form of a Matcher. */
export function fromMatcher(m: Matcher): ApiMatcher {
  return { name: m.name, value: m.value, isRegex: m.type === '=~' || m.type === '!~', isEqual: m.type === '=' || m.type === '=~' };
}
