import type { BrandConfig } from '../../config/config.schema';
import { html, type Html } from '../../http/html';

/** One column, system fonts, fluid to 600 px: readable on a phone, no external assets. */
export function layout(
  brand: BrandConfig,
  lang: string,
  title: string,
  body: Html,
  contact: Html,
): string {
  const { primary } = brand.colors;
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body
        style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933;"
      >
        <div style="max-width:600px;margin:0 auto;padding:16px;">
          <div
            style="background:${primary};color:#ffffff;padding:16px 20px;border-radius:8px 8px 0 0;font-size:18px;font-weight:bold;"
          >
            ${brand.name}
          </div>
          <div
            style="background:#ffffff;padding:20px;border-radius:0 0 8px 8px;font-size:16px;line-height:1.5;"
          >
            ${body}
          </div>
          <div style="padding:16px 4px;font-size:14px;color:#52606d;line-height:1.6;">
            ${contact}
          </div>
        </div>
      </body>
    </html> `.value;
}

export function button(brand: BrandConfig, href: string, label: string): Html {
  return html`<p style="margin:24px 0;">
    <a
      href="${href}"
      style="display:inline-block;background:${brand.colors.accent};color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold;"
      >${label}</a
    >
  </p>`;
}
