import { HttpStatus, Injectable } from '@nestjs/common';
import type { HrClientConfig } from '../config/config.schema';
import { scimError } from './scim-errors';
import {
  type Projection,
  projection,
  type ScimListQuery,
  ScimUsersService,
} from './scim-users.service';
import { SCIM_LIMITS } from './scim.config';
import { SCIMError, SCIMMY } from './scim.resources';

type User = SCIMMY.Schemas.User;
/** scimmy's typing of PATCH bodies; it checks the body itself (invalidSyntax otherwise). */
type PatchBody = Parameters<InstanceType<typeof SCIMMY.Resources.User>['patch']>[0];

/** The SCIM protocol: each route's scimmy call, with our handlers in its context. */
@Injectable()
export class ScimService {
  constructor(private readonly users: ScimUsersService) {}

  list(client: HrClientConfig, query: ScimListQuery) {
    return this.users.list(client, query);
  }

  async get(client: HrClientConfig, id: string, query: Projection): Promise<User> {
    const resource = new SCIMMY.Resources.User(id, projection(query));
    return (await resource.read(this.users.context(client, 'GET'))) as User;
  }

  create(client: HrClientConfig, body: unknown): Promise<User> {
    return new SCIMMY.Resources.User().write(body, this.users.context(client, 'POST'));
  }

  replace(client: HrClientConfig, id: string, body: unknown, ifMatch?: string): Promise<User> {
    return new SCIMMY.Resources.User(id).write(body, this.users.context(client, 'PUT', ifMatch));
  }

  /** A PATCH that changes nothing gets the User as it is. */
  async patch(client: HrClientConfig, id: string, body: unknown, ifMatch?: string): Promise<User> {
    const context = this.users.context(client, 'PATCH', ifMatch);
    const patched = await new SCIMMY.Resources.User(id).patch(body as PatchBody, context);
    return patched ?? this.get(client, id, {});
  }

  remove(client: HrClientConfig, id: string, ifMatch?: string): Promise<void> {
    return new SCIMMY.Resources.User(id).dispose(this.users.context(client, 'DELETE', ifMatch));
  }

  /** Each operation gets its own result; `failOnErrors` stops after that many failures. */
  bulk(client: HrClientConfig, body: unknown) {
    const request = new SCIMMY.Messages.BulkRequest(
      body as ConstructorParameters<typeof SCIMMY.Messages.BulkRequest>[0],
      SCIM_LIMITS.bulkMaxOperations,
    );
    // BulkRequest's own apply (not Function.prototype's); without a list: the declared Users.
    // eslint-disable-next-line prefer-spread
    return request.apply(undefined, this.users.context(client, 'Bulk'));
  }

  serviceProviderConfig() {
    return new SCIMMY.Resources.ServiceProviderConfig().read();
  }

  schemas(id?: string) {
    return this.described(() => new SCIMMY.Resources.Schema(id).read());
  }

  resourceTypes(id?: string) {
    return this.described(() => new SCIMMY.Resources.ResourceType(id).read());
  }

  /** scimmy answers an unknown schema or resource type id with a TypeError. */
  private async described<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof SCIMError) throw error;
      throw scimError(HttpStatus.NOT_FOUND, '', 'No such schema or resource type');
    }
  }
}
