/**
 * Small JSON client for API tests: returns status and parsed body, never throws on 4xx.
 * The body is deliberately untyped: tests assert on the exact wire shape, including wrong ones.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type WireBody = any;

export async function api(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: WireBody }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.rawBody !== undefined)
    headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.body === undefined && options.rawBody === undefined ? 'GET' : 'POST'),
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
