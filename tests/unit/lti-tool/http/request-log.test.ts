import { describe, expect, it } from 'vitest';
import { requestIdFrom } from '../../../../lti-tool/core/request-context.ts';
import { loggedPath } from '../../../../lti-tool/http/request-log.ts';

describe('what the request log says of a request', () => {
  it('drops the query string, where logins and launches carry hints and states', () => {
    expect(loggedPath('/lti/login?iss=x&login_hint=secret-hint&lti_message_hint=m')).toBe('/lti/login');
    expect(loggedPath(undefined)).toBe('/');
  });

  it("hides a calendar feed's token, which is its path", () => {
    expect(loggedPath('/calendar/3q2+7w-token.ics?x=1')).toBe('/calendar/[token]');
  });
});

describe('request ids', () => {
  it('keeps a plain token from the proxy and replaces anything else', () => {
    expect(requestIdFrom('a1B2.c3_d4:e5-f6')).toBe('a1B2.c3_d4:e5-f6');
    expect(requestIdFrom(['first-id', 'second-id'])).toBe('first-id');
    for (const bad of [undefined, '', 'has space', 'line\nbreak', '"quoted"', 'x'.repeat(129)]) {
      expect(requestIdFrom(bad)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });
});
