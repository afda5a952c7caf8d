/**
 * Server-rendered HTML, escaped by default. Markup is written in an `html` template; every
 * value that goes in through `${}` is escaped as text, unless it is itself the result of `html`
 * (a {@link SafeHtml}) or an array of such values, which are joined. There is deliberately no way
 * to mark a plain string as safe: text from people, platforms and the database can only ever
 * reach a page escaped.
 *
 * ```ts
 * const items = names.map((name) => html`<li>${name}</li>`);
 * const page = html`<h1>${title}</h1><ul>${items}</ul>`;
 * ```
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for an element's content or a quoted attribute value. Pages never call it: they
 * interpolate into `html`, which does. Tests use it to say what a page shows.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

let mint: (markup: string) => SafeHtml;

/** Markup made by `html` (or `jsonScript`): interpolated as is, never escaped twice. */
export class SafeHtml {
  readonly #markup: string;

  private constructor(markup: string) {
    this.#markup = markup;
  }

  static {
    mint = (markup) => new SafeHtml(markup);
  }

  toString(): string {
    return this.#markup;
  }
}

/** What may go into `${}`: text and numbers (escaped), fragments, lists of them; nothing for null, undefined or false. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** An attribute value not in quotes: escaping cannot stop a value there from adding attributes. */
const UNQUOTED_ATTRIBUTE = /(?:^|[\s"'])[^\s"'<>=/?&]+=$/;

/** The tagged template for server-rendered HTML; see the top of this file. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    const before = strings[index] ?? '';
    if (UNQUOTED_ATTRIBUTE.test(before)) {
      throw new Error(`html: quote the attribute value before \${} (after "${before.slice(-20)}")`);
    }
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return mint(markup);
}

/** Fragments one to a line (joined with newlines), as a list in a template is otherwise joined with nothing. */
export function joinLines(fragments: readonly SafeHtml[]): SafeHtml {
  return mint(fragments.join('\n'));
}

/**
 * `<script type="application/json" id>` holding `value`. The JSON escapes `<`, `>`, `&` and the
 * two JavaScript line separators, so no string in it (`</script><script>…`) can end the element.
 */
export function jsonScript(id: string, value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return mint(`${html`<script type="application/json" id="${id}">`}${json}</script>`);
}

/** A plain, accessible page shell used by every server-rendered page: the whole document. */
export function pageShell(options: {
  title: string;
  body: SafeHtml;
  head?: SafeHtml;
  lang?: string;
}): string {
  return html`<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>${options.title}</title>
${options.head}
</head>
<body>
${options.body}
</body>
</html>`.toString();
}

/**
 * The tool's plain message page: a heading, a few sentences, and optional extra markup inside
 * <main> and after it.
 */
export function messagePage(options: {
  title: string;
  lines: readonly string[];
  inside?: SafeHtml;
  after?: SafeHtml;
}): string {
  const paragraphs = options.lines.map((line) => html`<p>${line}</p>`);
  return pageShell({
    title: options.title,
    body: html`<main><h1>${options.title}</h1>${paragraphs}${options.inside}</main>${options.after}`,
  });
}
