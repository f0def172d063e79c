import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig, HrClientConfig } from '../config/config.schema';
import type { CreateOnboardingBody } from '../onboardings/onboarding.dto';
import { OnboardingRepository } from '../onboardings/onboarding.repository';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { EVERY_STATUS } from '../../workflows/onboarding.rules';
import { hrCaller, OnboardingsService } from '../onboardings/onboardings.service';
import { scimError, toScimError } from './scim-errors';
import { type ScimQuery, toScimQuery } from './scim-filter';
import { type ScimMatch, ScimUserRepository } from './scim-user.repository';
import type { ScimName, ScimUserLink } from './scim-user.schema';
import {
  ENTERPRISE_USER,
  isActive,
  namesOf,
  parseScimUser,
  type ScimUser,
  type ScimUserOut,
  toIntakeBody,
  toScimUser,
} from './scim-user.mapping';
import { type ScimContext, type ScimUserHandlers, SCIMMY, setScimBasepath } from './scim.resources';

/** Recorded as who acted in the onboarding's audit, like HR's admin actions. */
const ACTOR = 'scim';

export interface ScimListResponse {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: SCIMMY.Schemas.User[];
}

export interface Projection {
  attributes?: string;
  excludedAttributes?: string;
}

export interface ScimListQuery extends Projection {
  filter?: string;
  startIndex: number;
  count: number;
}

/**
 * SCIM Users are onboardings: SCIM's `id` is the onboarding id. scimmy calls the three
 * handlers (read, write, dispose) for single requests and for each Bulk operation; every
 * error leaves them as a SCIMError, since scimmy turns any other into a 404.
 */
@Injectable()
export class ScimUsersService implements ScimUserHandlers {
  constructor(
    private readonly onboardings: OnboardingsService,
    private readonly records: OnboardingRepository,
    private readonly links: ScimUserRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    setScimBasepath(`${config.http.publicUrl}/scim/v2`);
  }

  context(client: HrClientConfig, via: string, ifMatch?: string): ScimContext {
    return { users: this, client, via, ifMatch };
  }

  /**
   * A page of the client's Users. Built here: scimmy's ListResponse pages an array held in
   * memory, and these pages come from the database.
   */
  async list(client: HrClientConfig, query: ScimListQuery): Promise<ScimListResponse> {
    const match = await this.matchOf(client, toScimQuery(query.filter));
    const page = await this.links.list(client.id, match, query.startIndex - 1, query.count);
    const users = await Promise.all(page.items.map((link) => this.userOf(client, link)));
    const shape = new SCIMMY.Resources.User(undefined, projection(query));
    const basepath = String(SCIMMY.Resources.User.basepath());
    return {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: page.total,
      startIndex: query.startIndex,
      itemsPerPage: users.length,
      Resources: users.map((u) => new SCIMMY.Schemas.User(u, 'out', basepath, shape.attributes)),
    };
  }

  read(id: string, ctx: ScimContext): Promise<ScimUserOut> {
    return this.scimErrors(ctx, async () => (await this.linked(ctx.client, id)).user);
  }

  write(id: string | undefined, instance: unknown, ctx: ScimContext): Promise<ScimUserOut> {
    return this.scimErrors(ctx, async () => {
      const user = parseScimUser(instance);
      return id === undefined ? this.create(user, ctx) : this.replace(id, user, ctx);
    });
  }

  /**
   * DELETE cancels the onboarding (one already cancelled or expired has nothing left to stop)
   * and then the User is gone: RFC 7644 §3.6 wants 404 for every later request about it. The
   * onboarding itself stays for HR and ops.
   */
  dispose(id: string, ctx: ScimContext): Promise<void> {
    return this.scimErrors(ctx, async () => {
      const { record, user } = await this.linked(ctx.client, id);
      assertVersion(user, ctx.ifMatch);
      if (isActive(record)) {
        const by = { actor: ACTOR, reason: `SCIM ${ctx.via}` };
        await this.onboardings.cancel(hrCaller(ctx.client), id, by);
      }
      await this.links.remove(ctx.client.id, id);
    });
  }

  /**
   * A new hire, or the open onboarding HR's webhook already made for the same employee id
   * (intake is idempotent per hire): that one is linked to the User instead of a second.
   */
  private async create(user: ScimUser, ctx: ScimContext): Promise<ScimUserOut> {
    if (user.active === false) {
      throw scimError(HttpStatus.BAD_REQUEST, 'invalidValue', 'A new User must be active');
    }
    const body = toIntakeBody(user, await this.managerOf(ctx.client, user));
    const names = namesOf(user);
    if (await this.nameTaken(ctx.client, names.userNameKey)) {
      throw scimError(HttpStatus.CONFLICT, 'uniqueness', 'userName is taken');
    }
    const open = await this.records.findOpen(ctx.client.id, body.employeeId);
    if (open && (await this.links.get(ctx.client.id, open._id))) {
      throw scimError(
        HttpStatus.CONFLICT,
        'uniqueness',
        `employee ${body.employeeId} is already the User ${open._id}`,
      );
    }
    const { onboardingId } = await this.onboardings.intake(ctx.client, undefined, body);
    await this.links.save(ctx.client.id, onboardingId, names);
    return (await this.linked(ctx.client, onboardingId)).user;
  }

  /**
   * PUT, and PATCH after scimmy applied its operations: `active: false` cancels, a new e-mail
   * or start date goes through HR's change_contact (a new address gets a new invite). The
   * employee id is the hire's identity and cannot change; name, language, time zone, userType
   * and manager are taken at intake (the answer shows the stored ones).
   */
  private async replace(id: string, user: ScimUser, ctx: ScimContext): Promise<ScimUserOut> {
    const { record, link, user: current } = await this.linked(ctx.client, id);
    assertVersion(current, ctx.ifMatch);
    const body = toIntakeBody(user, undefined);
    if (body.employeeId !== record.employeeId) {
      throw scimError(
        HttpStatus.BAD_REQUEST,
        'mutability',
        `${ENTERPRISE_USER}:employeeNumber (or externalId) names the hire and cannot change`,
      );
    }
    if (!isActive(record) && user.active !== false) {
      throw scimError(
        HttpStatus.BAD_REQUEST,
        'mutability',
        `The onboarding is ${record.status}: create a new User for the hire`,
      );
    }
    const caller = hrCaller(ctx.client);
    if (isActive(record) && user.active === false) {
      await this.onboardings.cancel(caller, id, {
        actor: ACTOR,
        reason: `SCIM ${ctx.via} active=false`,
      });
    } else if (isActive(record)) {
      const change = contactChange(record, body);
      if (change) {
        const reason = `SCIM ${ctx.via} ${Object.keys(change).join(', ')}`;
        await this.onboardings.changeContact(caller, id, { actor: ACTOR, reason, ...change });
      }
    }
    const names = namesOf(user);
    if (!sameNames(link, names)) await this.links.save(ctx.client.id, id, names);
    return (await this.linked(ctx.client, id)).user;
  }

  /**
   * The enterprise manager names another User: one of this client's onboardings, by our id or
   * the IdP's externalId. A manager we do not know (an existing employee) is left out.
   */
  private async managerOf(
    client: HrClientConfig,
    user: ScimUser,
  ): Promise<CreateOnboardingBody['manager']> {
    const ref = user[ENTERPRISE_USER]?.manager;
    if (!ref?.value) return undefined;
    const byExternalId = async (externalId: string) => {
      const [link] = (await this.links.list(client.id, { externalId }, 0, 1)).items;
      return link ? this.records.findForClient(client.id, link._id) : null;
    };
    const manager =
      (await this.records.findForClient(client.id, ref.value)) ?? (await byExternalId(ref.value));
    if (!manager) return undefined;
    return {
      name: ref.displayName ?? `${manager.firstName} ${manager.lastName}`,
      email: manager.email,
    };
  }

  /** Only onboardings SCIM created or linked are Users. */
  private async linked(
    client: HrClientConfig,
    id: string,
  ): Promise<{ record: OnboardingRecord; link: ScimUserLink; user: ScimUserOut }> {
    const link = await this.links.get(client.id, id);
    const record = link && (await this.records.findForClient(client.id, id));
    if (!link || !record) throw scimError(HttpStatus.NOT_FOUND, '', `User ${id} not found`);
    return { record, link, user: toScimUser(record, link) };
  }

  private async userOf(client: HrClientConfig, link: ScimUserLink): Promise<ScimUserOut> {
    return (await this.linked(client, link._id)).user;
  }

  /** A user name belongs to one User while its onboarding runs or is done. */
  private async nameTaken(client: HrClientConfig, userNameKey: string): Promise<boolean> {
    const { items } = await this.links.list(client.id, { userNameKey }, 0, 20);
    const records = await Promise.all(
      items.map((link) => this.records.findForClient(client.id, link._id)),
    );
    return records.some((record) => record !== null && isActive(record));
  }

  /** An e-mail is the onboarding's (it changes through change_contact), the rest the link's. */
  private async matchOf(client: HrClientConfig, query: ScimQuery): Promise<ScimMatch> {
    const { emailKey, ...names } = query;
    if (emailKey === undefined) return names;
    const sent = await this.records.findByEmail(emailKey, EVERY_STATUS);
    return { ...names, ids: sent.filter((r) => r.clientId === client.id).map((r) => r._id) };
  }

  private async scimErrors<T>(ctx: ScimContext, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toScimError(error, ctx.via === 'Bulk');
    }
  }
}

/** `attributes` and `excludedAttributes`, given only when set: scimmy refuses an empty one. */
export function projection(query: Projection): Projection {
  return {
    ...(query.attributes ? { attributes: query.attributes } : {}),
    ...(query.excludedAttributes ? { excludedAttributes: query.excludedAttributes } : {}),
  };
}

/** The change_contact fields that differ; undefined when none does. */
function contactChange(
  record: OnboardingRecord,
  body: CreateOnboardingBody,
): { email?: string; startDate?: string | null; timeZone?: string } | undefined {
  const change: { email?: string; startDate?: string | null; timeZone?: string } = {};
  if (body.email.toLowerCase() !== record.email.toLowerCase()) change.email = body.email;
  if ((body.startDate ?? null) !== (record.startDate ?? null)) {
    change.startDate = body.startDate ?? null;
  }
  // A User without a timezone keeps the hire's: the brand's zone is not a change.
  if (body.timeZone !== undefined && body.timeZone !== record.timeZone) {
    change.timeZone = body.timeZone;
  }
  return Object.keys(change).length > 0 ? change : undefined;
}

/** If-Match: one of the listed versions (weak comparison), or `*`. */
function assertVersion(user: ScimUserOut, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  const listed = ifMatch.split(',').map(weak);
  if (!listed.includes('*') && !listed.includes(weak(user.meta.version))) {
    throw scimError(
      HttpStatus.PRECONDITION_FAILED,
      '',
      `The User changed: its version is ${user.meta.version}`,
    );
  }
}

function sameNames(link: ScimName, names: ScimName): boolean {
  const keys = ['userName', 'externalId', 'managerRef'] as const;
  return keys.every((key) => link[key] === names[key]);
}
