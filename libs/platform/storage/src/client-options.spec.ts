import { toClientOptions } from './client-options.js';

const credentials = { accessKey: 'ak', secretKey: 'sk', bucket: 'events' };

describe('toClientOptions', () => {
  it('reads host, port and TLS from the endpoint URL and forces path-style requests', () => {
    expect(toClientOptions({ ...credentials, endpoint: 'http://127.0.0.1:9000' })).toEqual({
      endPoint: '127.0.0.1',
      port: 9000,
      useSSL: false,
      accessKey: 'ak',
      secretKey: 'sk',
      region: 'us-east-1',
      pathStyle: true,
    });
  });

  it('defaults the port from the scheme and keeps a configured region', () => {
    expect(toClientOptions({ ...credentials, endpoint: 'https://s3.example.com', region: 'eu-west-1' })).toMatchObject({
      endPoint: 's3.example.com',
      port: 443,
      useSSL: true,
      region: 'eu-west-1',
    });
    expect(toClientOptions({ ...credentials, endpoint: 'http://minio' })).toMatchObject({ port: 80, useSSL: false });
  });

  it('unwraps IPv6 literals', () => {
    expect(toClientOptions({ ...credentials, endpoint: 'http://[::1]:9000' })).toMatchObject({ endPoint: '::1' });
  });

  it('refuses endpoints that are not plain http(s) base URLs', () => {
    expect(() => toClientOptions({ ...credentials, endpoint: 'minio:9000' })).toThrow(/expected http or https/);
    expect(() => toClientOptions({ ...credentials, endpoint: 'not a url' })).toThrow(/expected a URL/);
    expect(() => toClientOptions({ ...credentials, endpoint: 'http://minio:9000/events' })).toThrow(/no path/);
  });
});
