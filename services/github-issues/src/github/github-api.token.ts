/** Injection token of the service's GitHubApi (real, or dry run). */
export const GITHUB_API = Symbol.for('faultline.github-api');
