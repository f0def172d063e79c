import {
  applyDecorators,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  type Type,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { assertJsonBody } from '../hr-clients/hr-auth.guard';
import type { HrAdapter } from './hr-adapter';
import { HrInboundService } from './hr-inbound.service';

type VendorRequest = Request & { rawBody?: Buffer };

/**
 * The route of one vendor, POST /api/v1/hr/<vendor>: authenticates and queues, answering
 * within the vendors' time limits (Personio's is 3 s); the person is taken in by the queue.
 */
export function hrAdapterController(adapter: HrAdapter): Type<unknown> {
  @ApiTags('hr-adapters')
  @Controller(`api/v1/hr/${adapter.vendor}`)
  class AdapterController {
    constructor(private readonly inbound: HrInboundService) {}

    @Post()
    @HttpCode(HttpStatus.ACCEPTED)
    @ApiOperation({ summary: adapter.docs.summary })
    @applyDecorators(...adapter.docs.headers.map((h) => ApiHeader({ ...h, required: true })))
    @ApiResponse({ status: 202, description: '{ queued }: the people the delivery named' })
    @ApiResponse({ status: 401, description: "No configured client's secret verifies it" })
    receive(
      @Req() request: VendorRequest,
      @Res({ passthrough: true }) response: Response,
    ): Promise<{ queued: number }> {
      if (adapter.isPing?.(request.body)) {
        response.status(HttpStatus.OK);
        return Promise.resolve({ queued: 0 });
      }
      assertJsonBody(request);
      return this.inbound.receive(adapter, {
        header: (name) => request.header(name),
        rawBody: request.rawBody ?? Buffer.alloc(0),
        body: request.body as unknown,
      });
    }
  }
  const name = `${adapter.vendor[0]?.toUpperCase()}${adapter.vendor.slice(1)}Controller`;
  Object.defineProperty(AdapterController, 'name', { value: name });
  return AdapterController;
}
