// The upper bound for the ingest benchmark: a bare Fastify route that only reads the
// body and answers 200, nothing else. `node bench/support/bare-fastify.mjs <port>`.
import Fastify from 'fastify';

const app = Fastify({ bodyLimit: 20 * 1024 * 1024 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/api/:project/envelope/', async () => ({ id: 'ok' }));
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
process.stdout.write('ready\n');
