/** The one place the extension logs unexpected errors, so they are easy to find and to route later. */
export function reportError(where: string, error: unknown): void {
  console.error(`[action-step-coach] ${where}:`, error);
}
