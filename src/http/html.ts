const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything from a person or HR goes through this before it enters HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: (string | number | Html)[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += value instanceof Html ? value.value : escapeHtml(String(value));
    out += strings[i + 1] ?? '';
  });
  return new Html(out);
}

export function join(parts: Html[]): Html {
  return new Html(parts.map((p) => p.value).join(''));
}
