// The service's Prometheus metrics (listed in docs/GITHUB.md).
import { counter, histogram } from '@faultline/platform-metrics';
import type { Counter, Histogram, Registry } from 'prom-client';

/** Every metric of github-issues. */
export class GitHubMetrics {
  readonly requests: Counter<'operation' | 'status'>;
  readonly throttled: Counter<'reason'>;
  readonly writeWait: Histogram<string>;
  readonly issues: Counter<'action'>;
  readonly notifications: Counter<'result'>;
  readonly webhooks: Counter<'event' | 'result'>;
  readonly recoveries: Counter<'result'>;
  readonly truncated: Counter<'kind'>;
  readonly digestFailures: Counter<string>;

  constructor(registry: Registry) {
    this.requests = counter(registry, { name: 'faultline_github_requests_total', help: 'GitHub API requests by operation and response status (or "error").', labelNames: ['operation', 'status'] });
    this.throttled = counter(registry, {
      name: 'faultline_github_throttled_total',
      help: 'Requests held back: github_limit (GitHub said wait), secondary_limit, primary_limit, content_per_minute, content_per_hour.',
      labelNames: ['reason'],
    });
    this.writeWait = histogram(registry, { name: 'faultline_github_write_wait_seconds', help: 'Time a content-creating request waited in-process for its slot.', buckets: [0.01, 0.1, 0.5, 1, 2, 5] });
    this.issues = counter(registry, { name: 'faultline_github_issues_total', help: 'Issue changes: created, linked_recovered, commented, reopened, closed, resolved_comment.', labelNames: ['action'] });
    this.notifications = counter(registry, { name: 'faultline_github_notifications_total', help: 'Alerts of notify.github messages handled: done, retry, rejected, skipped.', labelNames: ['result'] });
    this.webhooks = counter(registry, { name: 'faultline_github_webhooks_total', help: 'Webhook deliveries by event and result (published, duplicate, ignored, bad_signature, invalid).', labelNames: ['event', 'result'] });
    this.recoveries = counter(registry, { name: 'faultline_github_claim_recoveries_total', help: 'Stale creation claims recovered: found (the issue existed) or not_found (created anew).', labelNames: ['result'] });
    this.digestFailures = counter(registry, { name: 'faultline_github_event_digest_failures_total', help: 'New issues whose latest event could not be read (PostgreSQL or object storage); the issue was created from the notification alone.' });
    this.truncated = counter(registry, { name: 'faultline_github_truncated_total', help: 'Issue bodies or comments cut to fit GitHub\'s 65536-character limit.', labelNames: ['kind'] });
  }
}
