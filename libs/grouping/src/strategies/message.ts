// Messages → parameterised components: ids, emails, URLs and numbers become placeholders.
import type { SentryEvent } from '@faultline/contracts';
import { component, type GroupingComponent } from '../component.js';
import type { GroupingConfig } from '../config.js';
import { parameterize } from '../normalize/parameterize.js';

/** Longest text grouped; beyond it a message is cut, so a megabyte "message" costs bounded regex work. */
export const MAX_GROUPING_TEXT = 2048;

/** A parameterised text component (`id` is "message" or "value"); empty text does not contribute. */
export function messageValueComponent(id: string, text: string, config: GroupingConfig): GroupingComponent {
  if (!text.trim()) return component(id, [], { contributes: false, hint: `ignored: no ${id}` });
  const trimmed = text.trim();
  const cut = trimmed.length > MAX_GROUPING_TEXT;
  const p = parameterize(cut ? trimmed.slice(0, MAX_GROUPING_TEXT) : trimmed, config.parameterize);
  const hints = [...(p.kinds.length ? [`parameterized: ${p.kinds.join(', ')}`] : []), ...(cut ? [`truncated to ${MAX_GROUPING_TEXT} characters`] : [])];
  return component(id, [p.text], hints.length ? { hint: hints.join('; ') } : {});
}

/** The message an event was captured with: the template when it has parameters (stable by construction), else the formatted text. */
export function eventMessage(event: SentryEvent): string {
  const m = event.message;
  if (!m) return '';
  if (m.message && m.params.length > 0) return m.message;
  return m.formatted || m.message;
}

/** The message part of an event, or undefined when it has no message. */
export function messageTree(event: SentryEvent, config: GroupingConfig): GroupingComponent | undefined {
  const text = eventMessage(event);
  if (!text.trim()) return undefined;
  return messageValueComponent('message', text, config);
}
