// Group keys identify an aggregation group across restarts and replicas; the format is Alertmanager's
// (`aggrGroup.GroupKey`), so a receiver that deduplicates on it sees the same keys from both.
import { type LabelSet, formatLabelSet } from '../labels/label-set.js';

/** `<route key>:<group labels>`, e.g. `{}/{severity="page"}:{alertname="X"}`. */
export function groupKey(routeKey: string, groupLabels: LabelSet): string {
  return `${routeKey}:${formatLabelSet(groupLabels)}`;
}
