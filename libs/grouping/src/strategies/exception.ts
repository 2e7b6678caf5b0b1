// Exceptions → components: type + stack trace, the message only when there is no usable stack; chained
// exceptions (several `exception.values`) each contribute, in the event's order.
import type { SentryEvent, SentryException } from '@faultline/contracts';
import { component, ignore, type GroupingComponent } from '../component.js';
import type { GroupingConfig } from '../config.js';
import { messageValueComponent } from './message.js';
import { stacktraceComponent } from './stacktrace.js';

/** One exception's component. */
export function exceptionComponent(exc: SentryException, config: GroupingConfig): GroupingComponent {
  const type = component('type', exc.type ? [exc.type] : [], exc.type ? {} : { contributes: false, hint: 'ignored: no type' });
  if (exc.type && exc.mechanism?.synthetic) ignore(type, 'ignored: synthetic exception type');
  const stack = stacktraceComponent(exc.stacktrace);
  const value = messageValueComponent('value', exc.value, config);
  if (stack.contributes) ignore(value, 'ignored because the stack trace is used');
  return component('exception', [type, stack, value]);
}

/** The exception part of an event, or undefined when it has none; several values → chained-exception. */
export function exceptionTree(event: SentryEvent, config: GroupingConfig): GroupingComponent | undefined {
  const values = event.exception?.values ?? [];
  if (values.length === 0) return undefined;
  if (values.length === 1) return exceptionComponent(values[0]!, config);
  return component('chained-exception', values.map((e) => exceptionComponent(e, config)));
}
