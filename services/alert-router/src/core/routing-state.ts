// Everything derived from one alerting configuration: the route tree and its dispatcher, the
// inhibitor, the per-route time muters and the receivers' integrations. A reload builds a new one and
// feeds it every alert the router holds, as Alertmanager does on reload.
import { type AlertingConfig } from '@faultline/alert-rules';
import { type Alert, type Route, Dispatcher, Inhibitor, TimeMuter, buildRouteTree } from '@faultline/routing';
import { type Integration, integrationsOf } from '../notify/integrations.js';
import { DueQueue } from './due-queue.js';

/** The routing half of a loaded configuration, with its mutable dispatch state. */
export class RoutingState {
  /** The effective route tree. */
  readonly tree: Route;
  /** Groups and their timers. */
  readonly dispatcher: Dispatcher;
  /** Inhibition over every received alert. */
  readonly inhibitor: Inhibitor;
  private readonly timeMuters = new Map<Route, TimeMuter>();
  private readonly integrations = new Map<string, Integration[]>();

  constructor(readonly config: AlertingConfig) {
    this.tree = buildRouteTree(config.routing.route);
    this.dispatcher = new Dispatcher(this.tree);
    this.inhibitor = new Inhibitor(config.routing.inhibitRules);
    for (const r of this.tree.walk()) {
      this.timeMuters.set(r, new TimeMuter(config.routing.timeIntervals, r.opts.muteTimeIntervals, r.opts.activeTimeIntervals));
    }
    for (const r of config.routing.receivers) this.integrations.set(r.name, integrationsOf(r));
  }

  /** Groups by due time. */
  readonly queue = new DueQueue();

  /** Routes one alert (and feeds the inhibitor); returns the earliest due time of the groups touched. */
  add(alert: Alert, now: Date): number {
    this.inhibitor.add(alert);
    let due = Infinity;
    for (const g of this.dispatcher.add(alert, now)) {
      this.queue.track(g);
      due = Math.min(due, g.nextFlushAt().getTime());
    }
    return due;
  }

  /** Whether the route's time intervals mute it at `now`. */
  timeMuted(route: Route, now: Date): boolean {
    return this.timeMuters.get(route)?.mutes({}, now) ?? false;
  }

  /** The integrations of a receiver (none for a receiver with only other Alertmanager integrations). */
  integrationsOf(receiver: string): readonly Integration[] {
    return this.integrations.get(receiver) ?? [];
  }

  /** Receivers an alert with these labels is routed to, in route order, without duplicates. */
  receiversFor(labels: Alert['labels']): string[] {
    return [...new Set(this.tree.match(labels).map((r) => r.opts.receiver))];
  }
}
