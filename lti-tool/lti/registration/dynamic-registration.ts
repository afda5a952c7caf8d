import { Router, type Response } from 'express';
import * as v from 'valibot';
import { LTI_SCOPES } from '../services/scopes.ts';
import { PlatformAlreadyRegisteredError } from '../platforms/platform-store.ts';
import type { RegistrationTokenStore } from './registration-token-store.ts';
import { asyncRoute } from '../../http/async-route.ts';
import type { PlatformRegistration } from '../platforms/platform-registration.ts';
import { html, messagePage } from '../../http/html.ts';
import { allowFraming } from '../../http/security-headers.ts';
import { SERVED_FILES } from '../../http/web-assets.ts';
import type { Logger } from '../../core/logger.ts';
import { PlatformFetchError, type PlatformHttp, type PlatformOrigins } from '../services/platform-fetch.ts';

const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

const QuerySchema = v.object({
  rt: v.optional(v.string()),
  openid_configuration: v.optional(v.pipe(v.string(), v.url())),
  registration_token: v.optional(v.string()),
});

const OpenIdConfigurationSchema = v.looseObject({
  issuer: v.pipe(v.string(), v.url()),
  authorization_endpoint: v.pipe(v.string(), v.url()),
  token_endpoint: v.pipe(v.string(), v.url()),
  jwks_uri: v.pipe(v.string(), v.url()),
  registration_endpoint: v.pipe(v.string(), v.url()),
  scopes_supported: v.optional(v.array(v.string()), []),
  [PLATFORM_CONFIG]: v.looseObject({ product_family_code: v.string() }),
});

const RegistrationResponseSchema = v.looseObject({
  client_id: v.pipe(v.string(), v.nonEmpty()),
  scope: v.optional(v.string(), ''),
  [TOOL_CONFIG]: v.optional(v.looseObject({ deployment_id: v.optional(v.string()) })),
});

export interface RegisteredPlatform extends PlatformRegistration {
  deploymentId: string | null;
  grantedScopes: string;
}

export interface DynamicRegistrationDeps {
  publicUrl: string;
  tokens: RegistrationTokenStore;
  /** Stores a NEW platform; throws PlatformAlreadyRegisteredError for an existing issuer + client id. */
  register(platform: RegisteredPlatform): Promise<void>;
  logger: Logger;
  /** The guarded platform fetch: scheme, origin and address rules, no redirects, a size cap. */
  http: Pick<PlatformHttp, 'request' | 'check'>;
}

class RegistrationError extends Error {}

/** A registration the tool will not make: a page saying why, and a log line (no tokens). */
class RegistrationRefused extends Error {
  constructor(
    readonly reason: 'issuer-origin' | 'already-registered',
    readonly status: number,
    readonly title: string,
    readonly lines: string[],
    readonly meta: Record<string, unknown>,
  ) {
    super(title);
  }
}

/**
 * The platform's issuer must be on the site its openid-configuration came from (LTI Dynamic
 * Registration: the issuer must match the configuration URL's domain; compared here as origins).
 * Moodle serves it at `<wwwroot>/mod/lti/openid-configuration.php` with issuer `<wwwroot>`; Canvas
 * builds its URL from the issuer's scheme, host and port. Otherwise any site could register
 * under another's issuer.
 */
export function issuerMatchesConfiguration(issuer: string, configurationUrl: string): boolean {
  if (!URL.canParse(issuer) || !URL.canParse(configurationUrl)) return false;
  return new URL(issuer).origin === new URL(configurationUrl).origin;
}

/** The URL an administrator pastes into the LMS. */
export const registrationUrlFor = (publicUrl: string, token: string) =>
  `${publicUrl}/lti/register?rt=${token}`;

/** What we ask the platform for. Canvas reads its own privacy and placement keys; others ignore them. */
export function toolRegistration(
  publicUrl: string,
  scopesSupported: readonly string[],
  productFamily: string,
) {
  const wanted = Object.values(LTI_SCOPES);
  const scopes = scopesSupported.length ? wanted.filter((scope) => scopesSupported.includes(scope)) : wanted;
  const host = new URL(publicUrl).host;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${publicUrl}/lti/login`,
    redirect_uris: [`${publicUrl}/lti/launch`],
    client_name: 'Action step coaching',
    jwks_uri: `${publicUrl}/lti/keys`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [TOOL_CONFIG]: {
      domain: host,
      target_link_uri: `${publicUrl}/lti/launch`,
      description: 'Set, practise and see ONE coaching action step, in the LMS and beside lesson planning.',
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: `${publicUrl}/lti/launch` },
        {
          type: 'LtiDeepLinkingRequest',
          target_link_uri: `${publicUrl}/lti/launch`,
          label: 'Add a coaching activity',
          ...(productFamily === 'canvas' ? { placements: ['assignment_selection', 'link_selection'] } : {}),
        },
      ],
      ...(productFamily === 'canvas' ? { 'https://canvas.instructure.com/lti/privacy_level': 'public' } : {}),
    },
  };
}

function page(res: Response, status: number, title: string, lines: string[], close: boolean): void {
  res.setHeader('Cache-Control', 'no-store');
  // Shown inside the LMS's registration frame; a message, no data and no action.
  allowFraming(res, 'anyone');
  const after = close ? html`<script src="${SERVED_FILES.registrationClose.url}"></script>` : undefined;
  res.status(status).send(messagePage({ title, lines, after }));
}

/**
 * LTI Dynamic Registration, gated: only a URL issued by `npm run lti -- registration-url`
 * (single use, expiring) makes the tool contact the platform. Anything else gets 403 and
 * the tool fetches nothing, so /lti/register cannot be used to make us request arbitrary URLs.
 */
export function dynamicRegistrationRoutes(deps: DynamicRegistrationDeps): Router {
  const router = Router();

  /** A refused or failed platform call, as the administrator's page says it. */
  function explained(error: unknown): never {
    if (error instanceof PlatformFetchError) {
      throw new RegistrationError(
        error.refused
          ? `The tool will not contact that address: ${error.message}`
          : `The platform could not be reached: ${error.message}`,
      );
    }
    throw error;
  }

  function check(url: string, platform?: PlatformOrigins): void {
    try {
      deps.http.check(url, { purpose: 'registration', platform });
    } catch (error) {
      explained(error);
    }
  }

  async function getJson(
    url: string,
    init: {
      method?: 'GET' | 'POST';
      headers: Record<string, string>;
      body?: string;
      platform?: PlatformOrigins;
    },
  ): Promise<unknown> {
    const response = await deps.http
      .request(url, { ...init, purpose: 'registration', timeoutMs: 10_000, maxBytes: 256 * 1024 })
      .catch(explained);
    if (!response.ok)
      throw new RegistrationError(`The platform answered ${response.status} at ${new URL(url).host}.`);
    try {
      return JSON.parse(response.text);
    } catch {
      throw new RegistrationError('The platform did not answer with JSON.');
    }
  }

  router.get(
    '/register',
    asyncRoute(async (req, res) => {
      const query = v.safeParse(QuerySchema, req.query);
      const rt = query.success ? query.output.rt : undefined;
      if (!query.success || !rt || !(await deps.tokens.redeem(rt))) {
        page(
          res,
          403,
          'This registration link is not valid',
          [
            "Registration links are single-use and expire. Ask the tool's administrator for a new one (npm run lti -- registration-url).",
          ],
          false,
        );
        return;
      }
      const { openid_configuration: configUrl, registration_token: registrationToken } = query.output;
      try {
        if (!configUrl)
          throw new RegistrationError('The platform did not send its openid_configuration address.');
        check(configUrl);
        const bearer: Record<string, string> = registrationToken
          ? { Authorization: `Bearer ${registrationToken}` }
          : {};
        const config = v.safeParse(
          OpenIdConfigurationSchema,
          await getJson(configUrl, { headers: { Accept: 'application/json', ...bearer } }),
        );
        if (!config.success)
          throw new RegistrationError("The platform's configuration is missing required fields.");
        const platform = config.output;
        if (!issuerMatchesConfiguration(platform.issuer, configUrl)) {
          const site = new URL(configUrl).host;
          throw new RegistrationRefused(
            'issuer-origin',
            403,
            "Registration refused: the platform's identity does not match its address",
            [
              `The configuration at ${site} names the issuer ${platform.issuer}, which is on another site.`,
              "A platform's issuer must be on the same site as its openid-configuration (LTI Dynamic Registration), so one site cannot register as another. Nothing was registered.",
              "Check the registration URL your platform used, or ask the tool's administrator to register it with npm run lti -- platform add.",
            ],
            { issuer: platform.issuer, configuration: new URL(configUrl).origin },
          );
        }
        // What the tool will call later must pass the same rules now; the registration request
        // itself goes only to an origin of the platform being registered.
        for (const url of [platform.jwks_uri, platform.token_endpoint, platform.authorization_endpoint])
          check(url);
        const origins: PlatformOrigins = {
          issuer: platform.issuer,
          clientId: '(registering)',
          authUrl: platform.authorization_endpoint,
          tokenUrl: platform.token_endpoint,
          jwksUrl: platform.jwks_uri,
        };
        check(platform.registration_endpoint, origins);
        const productFamily = platform[PLATFORM_CONFIG].product_family_code;
        const registered = v.safeParse(
          RegistrationResponseSchema,
          await getJson(platform.registration_endpoint, {
            method: 'POST',
            headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...bearer },
            body: JSON.stringify(toolRegistration(deps.publicUrl, platform.scopes_supported, productFamily)),
            platform: origins,
          }),
        );
        if (!registered.success)
          throw new RegistrationError("The platform's registration answer has no client_id.");
        const deploymentId = registered.output[TOOL_CONFIG]?.deployment_id ?? null;
        const clientId = registered.output.client_id;
        try {
          await deps.register({
            issuer: platform.issuer,
            clientId,
            name: `${productFamily} (${new URL(platform.issuer).host})`,
            authUrl: platform.authorization_endpoint,
            tokenUrl: platform.token_endpoint,
            jwksUrl: platform.jwks_uri,
            deploymentId,
            grantedScopes: registered.output.scope,
          });
        } catch (error) {
          if (!(error instanceof PlatformAlreadyRegisteredError)) throw error;
          throw new RegistrationRefused(
            'already-registered',
            409,
            'This platform is already registered',
            [
              `${platform.issuer} with client ID ${clientId} is already registered with this tool. Dynamic registration never changes an existing registration, so nothing was changed.`,
              "To change it, the tool's administrator runs npm run lti -- platform add (or platform remove, then registers again).",
            ],
            { issuer: platform.issuer, clientId, configuration: new URL(configUrl).origin },
          );
        }
        deps.logger.info('dynamic registration', {
          issuer: platform.issuer,
          clientId: registered.output.client_id,
          deploymentId,
        });
        page(
          res,
          200,
          'The tool is registered',
          [
            deploymentId
              ? `Registered with deployment ${deploymentId}. You can close this window.`
              : 'Registered. Once you deploy it in your platform, add the deployment ID with npm run lti -- deployment add.',
          ],
          true,
        );
      } catch (error) {
        if (error instanceof RegistrationRefused) {
          deps.logger.info('dynamic registration refused', { reason: error.reason, ...error.meta });
          page(res, error.status, error.title, error.lines, false);
          return;
        }
        const message =
          error instanceof RegistrationError ? error.message : 'The platform could not be reached.';
        deps.logger.info('dynamic registration failed', { error: (error as Error).message });
        page(
          res,
          502,
          'Registration did not complete',
          [message, 'Ask for a new registration link and try again.'],
          false,
        );
      }
    }),
  );

  return router;
}
