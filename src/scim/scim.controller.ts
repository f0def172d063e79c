import {
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
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { HrClientConfig } from '../config/config.schema';
import { ValidQuery } from '../http/zod-validation.pipe';
import { ScimAuthGuard, ScimClient } from './scim-auth.guard';
import { SCIM_JSON, ScimErrorFilter } from './scim-errors';
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

  @Get('Schemas')
  @ApiOperation({ summary: 'The User schema with the enterprise and onboarding extensions' })
  schemas() {
    return this.scim.schemas();
  }

  @Get('Schemas/:id')
  @ApiOperation({ summary: 'One schema, by its URN' })
  schema(@Param('id') id: string) {
    return this.scim.schemas(id);
  }

  @Get('ResourceTypes')
  @ApiOperation({ summary: 'The resource types: User' })
  resourceTypes() {
    return this.scim.resourceTypes();
  }

  @Get('ResourceTypes/:id')
  @ApiOperation({ summary: 'One resource type' })
  resourceType(@Param('id') id: string) {
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

  @Put('Users/:id')
  @ApiOperation({ summary: 'Replace: a new e-mail or start date, or active=false to cancel' })
  @ApiBody(RESOURCE)
  @ApiResponse({ status: 412, description: 'If-Match names another version' })
  replace(
    @ScimClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.scim.replace(client, id, body, ifMatch);
  }

  @Patch('Users/:id')
  @ApiOperation({ summary: 'PatchOp: active=false cancels the onboarding' })
  @ApiBody(RESOURCE)
  @ApiResponse({ status: 412, description: 'If-Match names another version' })
  patch(
    @ScimClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.scim.patch(client, id, body, ifMatch);
  }

  @Delete('Users/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Cancels the onboarding (the record stays, inactive)' })
  @ApiResponse({ status: 412, description: 'If-Match names another version' })
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
}
