import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

describe('start-up configuration check', () => {
  it('stops the API with one message naming each bad variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', MONGODB_URI: 'http://not-mongo', PUBLIC_URL: 'nope' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    for (const name of ['PORT', 'MONGODB_URI', 'PUBLIC_URL']) expect(result.stderr).toContain(name);
    expect(result.stderr).not.toMatch(/at .*\(.*\.ts:\d+/); // a message, not a stack trace
  });
});
