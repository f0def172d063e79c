/** What a session list shows of a browser: its name and its operating system, when known. */
export interface Device {
  browser?: string;
  os?: string;
}

// First match wins: Edge and Opera say "Chrome" too, Chrome says "Safari", Android "Linux".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|Chromium|HeadlessChrome|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * A short description of the browser behind a User-Agent header, for people to recognise.
 * Hand-written: ua-parser-js 2 is AGPL-licensed, and a label needs only the patterns above.
 */
export function describeDevice(userAgent: string | undefined): Device {
  const ua = userAgent ?? '';
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const os = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  return { ...(browser ? { browser } : {}), ...(os ? { os } : {}) };
}
