// The expected failures of the store. Each has a message fit to print as is: the CLI
// shows it as its one-line reason, and a management API can map the class to a status.

/** Base class of every expected failure of the projects store. */
export class ProjectsError extends Error {
  override name = 'ProjectsError';
}

/** A project with the requested slug already exists. */
export class ProjectExistsError extends ProjectsError {
  override name = 'ProjectExistsError';

  constructor(readonly slug: string) {
    super(`project "${slug}" already exists`);
  }
}

/** No project has the given slug or id. */
export class ProjectNotFoundError extends ProjectsError {
  override name = 'ProjectNotFoundError';

  constructor(readonly idOrSlug: string | number) {
    super(`project "${idOrSlug}" does not exist`);
  }
}

/** No key has the given public key. */
export class KeyNotFoundError extends ProjectsError {
  override name = 'KeyNotFoundError';

  constructor(readonly publicKey: string) {
    super(`key "${publicKey}" does not exist`);
  }
}

/** No API token has the given id. */
export class ApiTokenNotFoundError extends ProjectsError {
  override name = 'ApiTokenNotFoundError';

  constructor(readonly id: number) {
    super(`API token ${id} does not exist`);
  }
}

/** An argument failed validation (bad slug, repository, limit, filter …). */
export class InvalidInputError extends ProjectsError {
  override name = 'InvalidInputError';
}
