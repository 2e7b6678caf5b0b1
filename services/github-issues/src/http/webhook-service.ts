// GitHub → Faultline: `issues` webhooks for issues Faultline made become IssueCommands on
// issues.commands.<project> (closed → resolve, or ignore when closed as not planned; reopened →
// unresolve; deleted → unlink). The signature is checked over the raw body; each delivery is
// handled once (X-GitHub-Delivery is both the Nats-Msg-Id and a row in github_webhook_deliveries).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { create, IssueCommandSchema, IssueCommandType, subjectFor, timestampFromDate } from '@faultline/contracts';
import type { JetStreamPublisher } from '@faultline/platform-messaging';
import type { DataSource } from 'typeorm';
import { rowsOf } from '../links/sql.js';
import type { GitHubMetrics } from '../github-metrics.js';
import type { LinkStore } from '../links/link-store.js';

/** An HTTP answer. */
export interface WebhookReply {
  status: number;
  body: Record<string, unknown>;
}

/** True when `signature` is `sha256=<hex HMAC-SHA256(secret, body)>`, compared in constant time. */
export function verifySignature(secret: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface IssuesPayload {
  action?: string;
  issue?: { number?: number; html_url?: string; state_reason?: string | null };
  repository?: { name?: string; owner?: { login?: string } };
  sender?: { login?: string };
}

/** Verifies and handles webhook deliveries. */
export class WebhookService {
  constructor(
    private readonly secret: string | undefined,
    private readonly links: LinkStore,
    private readonly publisher: JetStreamPublisher,
    private readonly ds: DataSource,
    private readonly dedupTtlMs: number,
    private readonly metrics: GitHubMetrics,
    /** GITHUB_RESOLVE_IN_NEXT_RELEASE: a closed issue resolves its group in the next release. */
    private readonly resolveInNextRelease = false,
  ) {}

  /** Handles one delivery; `headers` are lower-case. */
  async handle(headers: Record<string, string | string[] | undefined>, body: Buffer | undefined): Promise<WebhookReply> {
    const h = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const event = h('x-github-event') ?? '';
    const count = (result: string) => this.metrics.webhooks.inc({ event: event || 'unknown', result });
    if (!this.secret) return { status: 503, body: { detail: 'GITHUB_WEBHOOK_SECRET is not configured; webhooks are refused' } };
    const signature = h('x-hub-signature-256');
    if (!signature) {
      count('bad_signature');
      return { status: 401, body: { detail: 'missing X-Hub-Signature-256 header' } };
    }
    if (!verifySignature(this.secret, body ?? Buffer.alloc(0), signature)) {
      count('bad_signature');
      return { status: 401, body: { detail: 'X-Hub-Signature-256 does not match the body (check GITHUB_WEBHOOK_SECRET)' } };
    }
    const delivery = h('x-github-delivery');
    if (!delivery || !event) {
      count('invalid');
      return { status: 400, body: { detail: 'missing X-GitHub-Event or X-GitHub-Delivery header' } };
    }
    if (event === 'ping') return { status: 200, body: { ok: true } };
    let payload: IssuesPayload;
    try {
      payload = JSON.parse((body ?? Buffer.alloc(0)).toString('utf8')) as IssuesPayload;
    } catch {
      count('invalid');
      return { status: 400, body: { detail: 'body is not JSON' } };
    }
    if (event !== 'issues' || !['closed', 'reopened', 'deleted'].includes(payload.action ?? '')) {
      count('ignored');
      return { status: 202, body: { ignored: `${event}.${payload.action ?? ''}` } };
    }
    const seen: unknown[] = await rowsOf(this.ds, `SELECT 1 FROM github_webhook_deliveries WHERE delivery_id = $1`, [delivery]);
    if (seen.length > 0) {
      count('duplicate');
      return { status: 200, body: { duplicate: delivery } };
    }
    const owner = payload.repository?.owner?.login;
    const repo = payload.repository?.name;
    const number = payload.issue?.number;
    if (!owner || !repo || typeof number !== 'number') {
      count('invalid');
      return { status: 400, body: { detail: 'issues payload lacks repository.owner.login, repository.name or issue.number' } };
    }
    const link = await this.links.findByIssue(owner, repo, number);
    if (!link) {
      await this.remember(delivery, event);
      count('ignored');
      return { status: 202, body: { ignored: `${owner}/${repo}#${number} is not a Faultline issue` } };
    }
    const action = payload.action!;
    if (action === 'deleted') await this.links.unlink(link.linkKey);
    else await this.links.setIssueState(link.linkKey, action === 'closed' ? 'closed' : 'open');
    if (link.kind === 'group') {
      const command =
        action === 'deleted' ? IssueCommandType.UNLINK_EXTERNAL_ISSUE
        : action === 'reopened' ? IssueCommandType.UNRESOLVE
        : payload.issue?.state_reason === 'not_planned' ? IssueCommandType.IGNORE
        : IssueCommandType.RESOLVE;
      const message = create(IssueCommandSchema, {
        command, projectId: link.projectId, groupId: link.groupId, actor: payload.sender?.login ?? '', deliveryId: delivery,
        externalIssue: { owner, repo, number, url: payload.issue?.html_url ?? link.issueUrl ?? '' }, issuedAt: timestampFromDate(new Date()),
        resolveInNextRelease: command === IssueCommandType.RESOLVE && this.resolveInNextRelease,
      });
      await this.publisher.publish(subjectFor('issuesCommands', link.projectId), IssueCommandSchema, message, { msgId: delivery });
    }
    await this.remember(delivery, event);
    count('published');
    return { status: 200, body: { handled: `${event}.${action}`, link: link.linkKey } };
  }

  private async remember(delivery: string, event: string): Promise<void> {
    await rowsOf(this.ds, `INSERT INTO github_webhook_deliveries (delivery_id, event) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [delivery, event]);
    await rowsOf(this.ds, `DELETE FROM github_webhook_deliveries WHERE received_at < now() - make_interval(secs => $1::float8 / 1000)`, [this.dedupTtlMs]);
  }
}
