import { ConfigError, parseConfig } from './config.schema';

describe('parseConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
    });
    expect(config.temporal.address).toBe('127.0.0.1:7233');
    expect(config.mongo.uri).toBe('mongodb://127.0.0.1:27017/onboarding');
  });

  it('treats an empty value as unset', () => {
    expect(parseConfig({ PORT: '' }).http.port).toBe(3000);
  });

  it('drops a trailing slash from PUBLIC_URL so links can be joined safely', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://onboard.example.com/' }).http.publicUrl).toBe(
      'https://onboard.example.com',
    );
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', MONGODB_URI: 'http://db', TEMPORAL_ADDRESS: 'nohost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(['MONGODB_URI', 'PORT', 'TEMPORAL_ADDRESS']);
  });
});
