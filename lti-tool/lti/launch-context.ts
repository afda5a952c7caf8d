import * as v from 'valibot';
import type { CoachingRole } from '../../shared/domain/coaching/relationship.ts';
import { describeIssues } from '../../shared/domain/validation.ts';
import { coachingRoleFrom } from './roles.ts';

/** Our own typed view of a validated launch; nothing past the adapter sees ltijs's objects. */
export interface LaunchContext {
  tenant: { issuer: string; clientId: string; deploymentId: string };
  user: { id: string; name: string | null; email: string | null };
  role: CoachingRole;
  context: { id: string; title: string | null } | null;
  resourceLink: { id: string; title: string | null } | null;
  messageType: string;
  membershipsUrl: string | null;
  custom: Record<string, string>;
}

const optionalString = v.optional(v.nullable(v.string()));

/** The shape ltijs 5.9.9 leaves in res.locals.token after it validated the id_token. */
const LtijsTokenSchema = v.object({
  iss: v.pipe(v.string(), v.nonEmpty()),
  user: v.pipe(v.string(), v.nonEmpty('the launch has no user (sub)')),
  clientId: v.pipe(v.string(), v.nonEmpty()),
  deploymentId: v.pipe(v.string(), v.nonEmpty('the launch has no deployment_id')),
  userInfo: v.optional(
    v.object({
      name: optionalString,
      given_name: optionalString,
      family_name: optionalString,
      email: optionalString,
    }),
  ),
  platformContext: v.object({
    messageType: v.pipe(v.string(), v.nonEmpty()),
    roles: v.optional(v.array(v.string()), []),
    context: v.optional(
      v.nullable(v.object({ id: v.string(), title: optionalString, label: optionalString })),
    ),
    resource: v.optional(v.nullable(v.object({ id: v.string(), title: optionalString }))),
    custom: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
    namesRoles: v.optional(v.nullable(v.object({ context_memberships_url: v.pipe(v.string(), v.url()) }))),
  }),
});

export class LaunchClaimsError extends Error {
  override name = 'LaunchClaimsError';
}

function displayName(info: v.InferOutput<typeof LtijsTokenSchema>['userInfo']): string | null {
  if (!info) return null;
  const joined = [info.given_name, info.family_name].filter(Boolean).join(' ').trim();
  return info.name?.trim() || joined || null;
}

export function toLaunchContext(raw: unknown): LaunchContext {
  const parsed = v.safeParse(LtijsTokenSchema, raw);
  if (!parsed.success)
    throw new LaunchClaimsError(`The launch is missing required claims: ${describeIssues(parsed.issues)}`);
  const token = parsed.output;
  const claims = token.platformContext;
  const custom: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims.custom ?? {})) {
    if (typeof value === 'string') custom[key] = value;
  }
  return {
    tenant: { issuer: token.iss, clientId: token.clientId, deploymentId: token.deploymentId },
    user: { id: token.user, name: displayName(token.userInfo), email: token.userInfo?.email ?? null },
    role: coachingRoleFrom(claims.roles),
    context: claims.context
      ? { id: claims.context.id, title: claims.context.title ?? claims.context.label ?? null }
      : null,
    resourceLink: claims.resource ? { id: claims.resource.id, title: claims.resource.title ?? null } : null,
    messageType: claims.messageType,
    membershipsUrl: claims.namesRoles?.context_memberships_url ?? null,
    custom,
  };
}
