import { ConfigError } from '@faultline/platform-config';
import { authMode, loadGithubIssuesConfig } from './github-issues.config.js';

describe('github-issues configuration', () => {
  it('defaults to dry run on port 8084 with GitHub limits of 80/min and 500/h', () => {
    const c = loadGithubIssuesConfig({});
    expect(authMode(c)).toBe('dry-run');
    expect(c).toMatchObject({ GITHUB_ISSUES_PORT: 8084, GITHUB_API_URL: 'https://api.github.com', GITHUB_CONTENT_PER_MINUTE: 80, GITHUB_CONTENT_PER_HOUR: 500, GITHUB_COMMENT_INTERVAL: 3_600_000, GITHUB_LABELS: ['faultline'], GITHUB_DRY_RUN_DIR: '.faultline/github-dry-run' });
  });

  it('accepts the limits only up to GitHub\'s', () => {
    expect(loadGithubIssuesConfig({ GITHUB_CONTENT_PER_MINUTE: '80', GITHUB_CONTENT_PER_HOUR: '500' }).GITHUB_CONTENT_PER_MINUTE).toBe(80);
    expect(() => loadGithubIssuesConfig({ GITHUB_CONTENT_PER_MINUTE: '81' })).toThrow(ConfigError);
    expect(() => loadGithubIssuesConfig({ GITHUB_CONTENT_PER_HOUR: '501' })).toThrow(ConfigError);
    expect(() => loadGithubIssuesConfig({ GITHUB_CONTENT_PER_MINUTE: '0' })).toThrow(ConfigError);
  });

  it('lists every bad variable at once', () => {
    try {
      loadGithubIssuesConfig({ GITHUB_APP_ID: 'abc', GITHUB_REPOSITORY: 'nope', GITHUB_PROJECT_REPOSITORIES: '{"1":"x"}', GITHUB_CLAIM_STALE_AFTER: '10s' });
      expect.unreachable();
    } catch (e) {
      const names = (e as ConfigError).issues.map((i) => i.name).sort();
      expect(names).toEqual(['GITHUB_APP_ID', 'GITHUB_CLAIM_STALE_AFTER', 'GITHUB_PRIVATE_KEY', 'GITHUB_PROJECT_REPOSITORIES.1', 'GITHUB_REPOSITORY']);
    }
    expect(() => loadGithubIssuesConfig({ GITHUB_CLAIM_STALE_AFTER: '30s' })).toThrow(/GITHUB_CLAIM_STALE_AFTER/);
  });

  it('needs a private key with an App id, and treats empty variables as unset', () => {
    expect(() => loadGithubIssuesConfig({ GITHUB_APP_ID: '1' })).toThrow(/GITHUB_PRIVATE_KEY/);
    expect(authMode(loadGithubIssuesConfig({ GITHUB_APP_ID: '1', GITHUB_PRIVATE_KEY: 'k' }))).toBe('app');
    expect(authMode(loadGithubIssuesConfig({ GITHUB_APP_ID: '', GITHUB_TOKEN: 't' }))).toBe('token');
    expect(loadGithubIssuesConfig({ GITHUB_PROJECT_REPOSITORIES: '{"42":"acme/web"}' }).GITHUB_PROJECT_REPOSITORIES).toEqual({ '42': 'acme/web' });
  });
});
