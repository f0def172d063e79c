import { toString as qrSvg } from 'qrcode';

/** A QR code of `text` (an otpauth URI) as an image URL for the 2FA page. */
export async function qrDataUrl(text: string): Promise<string> {
  // SVG: a tenth of the CPU of a PNG (no deflate), and as sharp on any screen.
  const svg = await qrSvg(text, { type: 'svg', margin: 1, width: 220 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
