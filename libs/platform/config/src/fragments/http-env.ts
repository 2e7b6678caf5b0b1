// The listening port of a service; each service names its own variable so that all
// five can run on one machine with their defaults.
import { z } from 'zod';

import { envInt } from '../env-number.js';

/** An object schema with one port variable, e.g. `httpEnv('INGEST_PORT', 3000)`; 0 asks the OS for a free port. */
export function httpEnv<K extends string>(portVar: K, defaultPort: number) {
  const port = envInt({ min: 0, max: 65_535, default: defaultPort });
  return z.object({ [portVar]: port } as { [P in K]: typeof port });
}
