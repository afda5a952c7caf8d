/**
 * BENCHMARKS.md is made of `## ` sections. A partial run (`--only …`) rewrites its own section
 * and keeps every other one as it was measured.
 */
function sectionBounds(report: string, title: string): { start: number; end: number } | null {
  const start = report.indexOf(title);
  if (start < 0) return null;
  const nextHeading = report.indexOf('\n## ', start + title.length);
  return { start, end: nextHeading < 0 ? report.length : nextHeading + 1 };
}

export function extractSection(report: string, title: string): string | null {
  const bounds = sectionBounds(report, title);
  return bounds ? report.slice(bounds.start, bounds.end) : null;
}

/** Replaces the section starting with `title` (or appends it); every other section is kept. */
export function spliceSection(report: string, title: string, section: string): string {
  const bounds = sectionBounds(report, title);
  if (!bounds) return `${report.trimEnd()}\n\n${section.trimEnd()}\n`;
  const rest = bounds.end < report.length ? `\n${report.slice(bounds.end)}` : '';
  return `${report.slice(0, bounds.start)}${section.trimEnd()}\n${rest}`;
}
