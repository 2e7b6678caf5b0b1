import { fitBody, issueTitle, MAX_BODY, renderTemplate } from './issue-template.js';
import { groupIssue, groupMarker } from './group-issue.js';
import { DEFAULT_GROUP_TEMPLATE } from './issue-template.js';

describe('renderTemplate', () => {
  it('fills placeholders and drops sections whose value is empty', () => {
    const t = 'A {{x}}\n{{#y}}\nY is {{y}}\n{{/y}}\n{{#z}}\nZ\n{{/z}}\nend';
    expect(renderTemplate(t, { x: '1', y: '2' })).toBe('A 1\nY is 2\nend');
    expect(renderTemplate(t, { x: '1', y: ' ' })).toBe('A 1\nend');
  });
});

describe('issueTitle', () => {
  it('keeps titles on one line within 256 characters', () => {
    expect(issueTitle('  TypeError:\n  x  ')).toBe('TypeError: x');
    expect(issueTitle('a'.repeat(256))).toHaveLength(256);
    const long = issueTitle('a'.repeat(257));
    expect(long).toHaveLength(256);
    expect(long.endsWith('…')).toBe(true);
    expect(issueTitle('')).toBe('Faultline issue');
  });
});

describe('fitBody', () => {
  it('leaves short bodies alone and appends the suffix', () => {
    expect(fitBody('body', '<!-- m -->')).toEqual({ text: 'body\n\n<!-- m -->', truncated: false });
  });

  it('cuts at the limit with a note, keeping the marker and closing an open code fence', () => {
    const marker = groupMarker('1', '2');
    const exact = 'x'.repeat(MAX_BODY - marker.length - 2);
    expect(fitBody(exact, marker)).toEqual({ text: `${exact}\n\n${marker}`, truncated: false });
    const over = `\`\`\`\n${'line\n'.repeat(20_000)}`;
    const { text, truncated } = fitBody(over, marker, MAX_BODY, 'http://f/1');
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_BODY);
    expect(text.endsWith(marker)).toBe(true);
    expect(text).toContain("truncated by Faultline to fit GitHub's 65536-character limit; the full event is at http://f/1");
    expect((text.match(/```/g) ?? []).length % 2).toBe(0);
  });
});

describe('groupIssue', () => {
  const alert = {
    status: 'firing',
    labels: { alertname: 'NewIssue', project: '42', group_id: '9184', level: 'error', environment: 'production' },
    annotations: { title: 'TypeError: x is undefined', culprit: 'submit(src/a.ts)', release: 'web@1.2.3', times_seen: '3', users_affected: '2', link: 'http://f/g', team: 'checkout' },
  };

  it('renders the default template with the marker, counts, release and unknown annotations as details', () => {
    const { title, body, truncated } = groupIssue(DEFAULT_GROUP_TEMPLATE, alert);
    expect(title).toBe('TypeError: x is undefined');
    expect(truncated).toBe(false);
    expect(body.endsWith('<!-- faultline:group=42/9184 -->')).toBe(true);
    expect(body).toContain('| Release | web@1.2.3 |');
    expect(body).toContain('| Events | 3 |');
    expect(body).toContain('- **team**: checkout');
    expect(body).toContain('[Open in Faultline](http://f/g)');
    expect(body).not.toContain('{{');
  });

  it('truncates a huge stack trace annotation under the limit', () => {
    const { body, truncated } = groupIssue(DEFAULT_GROUP_TEMPLATE, { ...alert, annotations: { ...alert.annotations, stacktrace: 'at f\n'.repeat(30_000) } });
    expect(truncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(body.endsWith(groupMarker('42', '9184'))).toBe(true);
  });
});
