const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For the few server-rendered pages: every interpolated value goes through this. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A plain, accessible page shell used by every server-rendered page. */
export function pageShell(options: { title: string; body: string; head?: string; lang?: string }): string {
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${options.head ?? ''}
</head>
<body>
${options.body}
</body>
</html>`;
}

/**
 * The tool's plain message page: a heading, a few sentences, and optional extra markup
 * (already escaped by the caller) inside <main> and after it.
 */
export function messagePage(options: {
  title: string;
  lines: readonly string[];
  inside?: string;
  after?: string;
}): string {
  const paragraphs = options.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  return pageShell({
    title: options.title,
    body: `<main><h1>${escapeHtml(options.title)}</h1>${paragraphs}${options.inside ?? ''}</main>${options.after ?? ''}`,
  });
}
