import { describe, expect, it } from 'vitest';
import { issuerMatchesConfiguration } from '../../../../../lti-tool/lti/registration/dynamic-registration.ts';

describe("a platform's issuer must be on its openid-configuration's site", () => {
  it.each([
    // Moodle: issuer $CFG->wwwroot, configuration at <wwwroot>/mod/lti/openid-configuration.php
    // (Moodle's dynamic registration docs; mod/lti/openid-configuration.php).
    ['https://moodle.zeedeeyou.com', 'https://moodle.zeedeeyou.com/mod/lti/openid-configuration.php'],
    ['https://school.example/moodle', 'https://school.example/moodle/mod/lti/openid-configuration.php'],
    // Hosted Canvas: the URL is built from the issuer's own scheme, host and port
    // (DynamicRegistrationController#oidc_configuration_url), with the token in the query.
    [
      'https://canvas.instructure.com',
      'https://canvas.instructure.com/api/lti/security/openid-configuration?registration_token=eyJ0',
    ],
    [
      'https://canvas.beta.instructure.com',
      'https://canvas.beta.instructure.com/api/lti/security/openid-configuration',
    ],
    // Self-hosted Canvas: its own host.
    ['https://canvas.school.edu', 'https://canvas.school.edu/api/lti/security/openid-configuration'],
    ['http://127.0.0.1:8080/moodle', 'http://127.0.0.1:8080/moodle/mod/lti/openid-configuration.php'],
  ])('accepts issuer %s from %s', (issuer, configuration) => {
    expect(issuerMatchesConfiguration(issuer, configuration)).toBe(true);
  });

  it.each([
    ['another site', 'https://canvas.instructure.com', 'https://lms.attacker.example/openid-configuration'],
    [
      'a subdomain',
      'https://school.example',
      'https://moodle.school.example/mod/lti/openid-configuration.php',
    ],
    [
      'a parent domain',
      'https://moodle.school.example',
      'https://school.example/mod/lti/openid-configuration.php',
    ],
    [
      'another port',
      'http://127.0.0.1:8080/moodle',
      'http://127.0.0.1:9090/mod/lti/openid-configuration.php',
    ],
    [
      'another scheme',
      'https://canvas.instructure.com',
      'http://canvas.instructure.com/api/lti/security/openid-configuration',
    ],
    ['not a URL', 'canvas', 'https://canvas.instructure.com/api/lti/security/openid-configuration'],
  ])('refuses an issuer on %s', (_case, issuer, configuration) => {
    expect(issuerMatchesConfiguration(issuer, configuration)).toBe(false);
  });
});
