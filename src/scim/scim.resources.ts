import SCIMMY from 'scimmy';
import type { HrClientConfig } from '../config/config.schema';
import { SCIM_LIMITS } from './scim.config';
import { ONBOARDING_USER, type ScimUserOut } from './scim-user.mapping';

/**
 * What scimmy's User resource calls for each operation, with our context. scimmy keeps its
 * resources, handlers and config in module-wide statics, so they are declared once here and
 * every handler finds its service (and HR client) in the context of the call.
 */
export interface ScimContext {
  users: ScimUserHandlers;
  client: HrClientConfig;
  /** The request: a route (`PUT`, `PATCH`, ...) or `Bulk`; named in the audit's reason. */
  via: string;
  /** The request's If-Match, checked before a write. */
  ifMatch?: string;
}

export interface ScimUserHandlers {
  read(id: string, ctx: ScimContext): Promise<ScimUserOut>;
  /** POST (no id), PUT, or PATCH with the patched User; `user` as scimmy checked it. */
  write(id: string | undefined, user: unknown, ctx: ScimContext): Promise<ScimUserOut>;
  dispose(id: string, ctx: ScimContext): Promise<void>;
}

function contextOf(ctx: unknown): ScimContext {
  if (typeof ctx !== 'object' || ctx === null || !('users' in ctx)) {
    throw new Error('a SCIM User operation needs its ScimContext');
  }
  return ctx as ScimContext;
}

const onboardingExtension = new SCIMMY.Types.SchemaDefinition(
  'OnboardingUser',
  ONBOARDING_USER,
  'What the onboarding needs that the core and enterprise User schemas lack',
  [
    new SCIMMY.Types.Attribute('string', 'startDate', {
      description: "The hire's first working day, YYYY-MM-DD",
    }),
  ],
);

// Typed for Schema classes only; the definition takes a plain SchemaDefinition.
SCIMMY.Schemas.User.definition.extend(onboardingExtension, false);
SCIMMY.Resources.declare(
  SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false)
    .egress(async (resource, ctx) => {
      if (!resource.id) throw new Error('Users are listed by the controller, not by scimmy');
      return contextOf(ctx).users.read(resource.id, contextOf(ctx));
    })
    .ingress((resource, instance, ctx) =>
      contextOf(ctx).users.write(resource.id, instance, contextOf(ctx)),
    )
    .degress((resource, ctx) => {
      if (!resource.id) throw new Error('DELETE names a User');
      return contextOf(ctx).users.dispose(resource.id, contextOf(ctx));
    }),
);

SCIMMY.Config.set({
  patch: true,
  filter: { supported: true, maxResults: SCIM_LIMITS.maxResults },
  bulk: {
    supported: true,
    maxOperations: SCIM_LIMITS.bulkMaxOperations,
    maxPayloadSize: SCIM_LIMITS.bulkMaxPayloadBytes,
  },
  etag: true,
  sort: false,
  changePassword: false,
  authenticationSchemes: [
    {
      type: 'oauthbearertoken',
      name: 'OAuth Bearer Token',
      description: "The HR client's SCIM token: Authorization: Bearer <token>",
      specUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
    },
  ],
});

/** Where resources say they live (`meta.location`): set once the public URL is known. */
export function setScimBasepath(base: string): void {
  for (const resource of [
    SCIMMY.Resources.User,
    SCIMMY.Resources.Schema,
    SCIMMY.Resources.ResourceType,
    SCIMMY.Resources.ServiceProviderConfig,
  ]) {
    resource.basepath(base);
  }
}

/** scimmy's error class: typed as Types.SCIMError, but at run time it is Types.Error. */
export const SCIMError = (SCIMMY.Types as unknown as { Error: typeof SCIMMY.Types.SCIMError })
  .Error;
export type SCIMError = SCIMMY.Types.SCIMError;

export { SCIMMY };
