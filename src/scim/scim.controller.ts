import {
  All,
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { HrClientConfig } from '../config/config.schema';
import { ValidQuery } from '../http/zod-validation.pipe';
import { ScimAuthGuard, ScimClient } from './scim-auth.guard';
import { SCIM_JSON, scimError, ScimErrorFilter } from './scim-errors';
import { SCIM_BASE, ScimResponseInterceptor } from './scim.http';
import {
  type ScimListQueryParams,
  scimListQuerySchema,
  type ProjectionParams,
  projectionSchema,
} from './scim.dto';
import { ScimService } from './scim.service';

/** A SCIM resource body: scimmy checks it against the User schema. */
const RESOURCE = { schema: { type: 'object', additionalProperties: true } } as const;

/** A change to one User: `If-Match` is honoured; PUT and PATCH carry a body. */
function UserWrite(route: MethodDecorator, summary: string, body = true): MethodDecorator {
  return applyDecorators(
    route,
    ApiOperation({ summary }),
    ...(body ? [ApiBody(RESOURCE)] : []),
    ApiResponse({ status: 412, description: 'If-Match names another version' }),
  );
}

@ApiTags('scim')
@ApiBearerAuth('scim')
@ApiConsumes(SCIM_JSON, 'application/json')
@ApiProduces(SCIM_JSON)
@ApiResponse({ status: 401, description: 'Missing or wrong bearer token (SCIM error)' })
@Controller(SCIM_BASE)
@UseGuards(ScimAuthGuard)
@UseFilters(ScimErrorFilter)
@UseInterceptors(ScimResponseInterceptor)
export class ScimController {
  constructor(private readonly scim: ScimService) {}

  @Get('ServiceProviderConfig')
  @ApiOperation({ summary: 'What this SCIM service provider supports, and its limits' })
  serviceProviderConfig() {
    return this.scim.serviceProviderConfig();
  }

  @Get(['Schemas', 'Schemas/:id'])
  @ApiOperation({ summary: 'The User schema and its enterprise and onboarding extensions' })
  schemas(@Param('id') id?: string) {
    return this.scim.schemas(id);
  }

  @Get(['ResourceTypes', 'ResourceTypes/:id'])
  @ApiOperation({ summary: 'The resource types: User' })
  resourceTypes(@Param('id') id?: string) {
    return this.scim.resourceTypes(id);
  }

  @Get('Users')
  @ApiOperation({
    summary: 'Users (onboardings), filtered by userName, externalId or emails.value (eq)',
  })
  @ApiResponse({ status: 400, description: 'invalidFilter' })
  list(
    @ScimClient() client: HrClientConfig,
    @ValidQuery(scimListQuerySchema) query: ScimListQueryParams,
  ) {
    return this.scim.list(client, query);
  }

  @Get('Users/:id')
  @ApiOperation({ summary: 'One User; its ETag is meta.version' })
  get(
    @ScimClient() client: HrClientConfig,
    @Param('id') id: string,
    @ValidQuery(projectionSchema) query: ProjectionParams,
  ) {
    return this.scim.get(client, id, query);
  }

  @Post('Users')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'A new hire: starts (or links) their onboarding' })
  @ApiBody(RESOURCE)
  @ApiResponse({
    status: 409,
    description: 'uniqueness: the userName or employee is a User already',
  })
  create(@ScimClient() client: HrClientConfig, @Body() body: unknown) {
    return this.scim.create(client, body);
  }

  @UserWrite(Put('Users/:id'), 'Replace: a new e-mail or start date, or active=false to cancel')
  replace(
    @ScimClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.scim.replace(client, id, body, ifMatch);
  }

  @UserWrite(Patch('Users/:id'), 'PatchOp: active=false cancels the onboarding')
  patch(
    @ScimClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.scim.patch(client, id, body, ifMatch);
  }

  @UserWrite(Delete('Users/:id'), 'Cancels the onboarding (the record stays, inactive)', false)
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(
    @ScimClient() client: HrClientConfig,
    @Param('id') id: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.scim.remove(client, id, ifMatch);
  }

  @Post('Bulk')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Several User operations, each with its own result' })
  @ApiBody(RESOURCE)
  @ApiResponse({
    status: 413,
    description: 'Too many operations or bytes (see ServiceProviderConfig)',
  })
  bulk(@ScimClient() client: HrClientConfig, @Body() body: unknown) {
    return this.scim.bulk(client, body);
  }

  /** Groups, /Me, .search and any other path: answered the SCIM way, not as problem+json. */
  @All('*path')
  @ApiExcludeEndpoint()
  unsupported(): never {
    throw scimError(
      HttpStatus.NOT_FOUND,
      '',
      'Not supported: this service provider has Users only',
    );
  }
}
