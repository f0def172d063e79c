// Sums the self time of a V8 .cpuprofile by function, and by package.
// Also a command: `npx tsx bench/cpu-profile.ts <file.cpuprofile> [top]`.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { repoRoot } from '../scripts/stack/profile';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileRow {
  name: string;
  location: string;
  selfMs: number;
  /** Of the busy (non-idle) time. */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  /** Sampled time inside the windows (or the whole profile), and how much of it was not idle. */
  sampledMs: number;
  busyMs: number;
  /** True when cut to the activation flows; false when the windows missed the profile. */
  windowed: boolean;
  top: ProfileRow[];
  byPackage: ProfileRow[];
}

const IDLE = '(idle)';

export function summariseProfile(
  file: string,
  windowsUs: readonly [number, number][] = [],
  top = 20,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Only windows that overlap the profile; otherwise the clocks disagree and all of it counts.
  const windows = windowsUs.filter(([a, b]) => a < profile.endTime && b > profile.startTime);
  const inWindow = (t: number) =>
    windows.length === 0 || windows.some(([a, b]) => t >= a && t <= b);

  const byFunction = new Map<string, { name: string; location: string; us: number }>();
  const byPackage = new Map<string, number>();
  let sampledUs = 0;
  let idleUs = 0;
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const us = deltas[i + 1] ?? 0;
    const frame = frames.get(samples[i] ?? -1);
    if (!frame || !inWindow(t)) continue;
    sampledUs += us;
    if (frame.functionName === IDLE) {
      idleUs += us;
      continue;
    }
    const location = where(frame);
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${location}`;
    const row = byFunction.get(key) ?? { name, location, us: 0 };
    row.us += us;
    byFunction.set(key, row);
    const pkg = packageOf(frame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const busyUs = sampledUs - idleUs;
  const asRow = (name: string, location: string, us: number): ProfileRow => ({
    name,
    location,
    selfMs: Math.round(us / 100) / 10,
    percent: busyUs > 0 ? Math.round((us / busyUs) * 1000) / 10 : 0,
  });
  return {
    file: relative(repoRoot, file),
    sampledMs: Math.round(sampledUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    windowed: windows.length > 0,
    top: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((r) => asRow(r.name, r.location, r.us)),
    byPackage: [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, us]) => asRow(name, '', us)),
  };
}

/** `dist/src/web/activation.controller.js:120`, `node_modules/qrcode/lib/…:40`, `node:internal/…`. */
function where(frame: CallFrame): string {
  if (!frame.url) return '(native)';
  const path = frame.url.startsWith('file://') ? new URL(frame.url).pathname : frame.url;
  const shown = path.startsWith('/') ? relative(repoRoot, path) : path;
  return `${shown}:${frame.lineNumber + 1}`;
}

/** Who owns the code: an npm package, Node itself, the service, or V8 (GC, program). */
function packageOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : 'V8 / native';
  if (url.startsWith('node:')) return 'node core';
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (match?.[1]) return match[1];
  if (url.includes('/dist/')) return 'service (dist/)';
  return 'other';
}

export function profileTable(summary: ProfileSummary): string {
  const lines = ['| self ms | % busy | function | where |', '| ---: | ---: | --- | --- |'];
  for (const row of summary.top) {
    lines.push(`| ${row.selfMs} | ${row.percent} | \`${row.name}\` | \`${row.location}\` |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/cpu-profile.ts <file.cpuprofile> [top]');
    process.exit(1);
  }
  const summary = summariseProfile(file, [], Number(top ?? 25));
  console.log(`${summary.file}: ${summary.busyMs} ms busy of ${summary.sampledMs} ms sampled\n`);
  console.log(profileTable(summary));
  console.log('\n| self ms | % busy | package |\n| ---: | ---: | --- |');
  for (const row of summary.byPackage)
    console.log(`| ${row.selfMs} | ${row.percent} | ${row.name} |`);
}
