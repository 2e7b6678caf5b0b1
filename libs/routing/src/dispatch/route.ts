// The effective route tree (`dispatch/route.go`): each node's options are its parent's with its own
// settings laid over them, matchers are sorted, and matching walks the tree depth first, stopping at
// the first matching child unless that child says `continue`.
import { type RouteConfig } from '../config/route-config.js';
import { type LabelSet } from '../labels/label-set.js';
import { type Matcher, formatMatchers, matchesAll, sortMatchers } from '../labels/matcher.js';

/** Alertmanager's defaults for the root route. */
export const DEFAULT_ROUTE_TIMERS = { groupWait: 30_000, groupInterval: 5 * 60_000, repeatInterval: 4 * 3600_000 } as const;

/** Options in effect for a route node after inheritance (`RouteOpts`). */
export interface RouteOpts {
  /** Receiver name. */
  readonly receiver: string;
  /** Labels alerts are grouped by (empty with `groupByAll` false: one group for the node). */
  readonly groupBy: ReadonlySet<string>;
  /** `group_by: ['...']`. */
  readonly groupByAll: boolean;
  /** Wait before the first notification of a group, ms. */
  readonly groupWait: number;
  /** Wait between notifications of a group, ms. */
  readonly groupInterval: number;
  /** Wait before re-sending an unchanged notification, ms. */
  readonly repeatInterval: number;
  /** Named mute intervals of this node (not inherited). */
  readonly muteTimeIntervals: readonly string[];
  /** Named active intervals of this node (not inherited). */
  readonly activeTimeIntervals: readonly string[];
}

/** A node of the effective route tree. */
export class Route {
  /** Sorted matchers of this node. */
  readonly matchers: readonly Matcher[];
  /** Child nodes in configuration order. */
  readonly routes: readonly Route[];
  /** Whether siblings are still evaluated after this node matched. */
  readonly continue: boolean;
  /** Options after inheritance. */
  readonly opts: RouteOpts;
  /** `parent key/this node's matchers`, the prefix of group keys. */
  readonly key: string;

  /** Builds the node for `config` under `parent` (undefined for the root). */
  constructor(config: RouteConfig, readonly parent?: Route) {
    const base: RouteOpts = parent?.opts ?? {
      receiver: '', groupBy: new Set(), groupByAll: false, ...DEFAULT_ROUTE_TIMERS, muteTimeIntervals: [], activeTimeIntervals: [],
    };
    let { groupBy, groupByAll } = base;
    if (config.groupBy !== undefined) {
      groupBy = new Set(config.groupBy);
      groupByAll = false;
    } else if (config.groupByAll) {
      groupByAll = true;
    }
    this.opts = {
      receiver: config.receiver ?? base.receiver,
      groupBy,
      groupByAll,
      groupWait: config.groupWait ?? base.groupWait,
      groupInterval: config.groupInterval ?? base.groupInterval,
      repeatInterval: config.repeatInterval ?? base.repeatInterval,
      muteTimeIntervals: config.muteTimeIntervals,
      activeTimeIntervals: config.activeTimeIntervals,
    };
    this.matchers = sortMatchers(config.matchers);
    this.continue = config.continue;
    this.key = (parent ? parent.key + '/' : '') + formatMatchers(this.matchers);
    this.routes = config.routes.map((c) => new Route(c, this));
  }

  /** The nodes that handle an alert with these labels, in Alertmanager's order (`Route.Match`). */
  match(labels: LabelSet): Route[] {
    if (!matchesAll(this.matchers, labels)) return [];
    const all: Route[] = [];
    for (const child of this.routes) {
      const matches = child.match(labels);
      all.push(...matches);
      if (matches.length > 0 && !child.continue) break;
    }
    // No child matched: this node handles the alert itself.
    if (all.length === 0) all.push(this);
    return all;
  }

  /** The labels of an alert that select its aggregation group on this node (`getGroupLabels`). */
  groupLabels(labels: LabelSet): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) if (this.opts.groupByAll || this.opts.groupBy.has(k)) out[k] = v;
    return out;
  }

  /** Every node of the subtree, depth first, this node first. */
  walk(): Route[] {
    return [this, ...this.routes.flatMap((r) => r.walk())];
  }
}

/** Builds the effective route tree from a parsed root route. */
export function buildRouteTree(root: RouteConfig): Route {
  return new Route(root);
}
